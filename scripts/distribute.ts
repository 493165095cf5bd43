#!/usr/bin/env -S npx tsx
/** `npm run distribute`: the zx entry point that emails the built briefings. Planning and composing are pure (lib/delivery). */
import { chalk } from 'zx';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { DISTRIBUTE_USAGE, parseDistributeOptions, type DistributeOptions } from './lib/cli/options.js';
import { hasErrors, type Message } from './lib/diagnostics/message.js';
import { formatMessages, summarizeMessages } from './lib/diagnostics/report.js';
import { ledgerLine, parseLedger } from './lib/delivery/ledger.js';
import { composeMessage, emlName } from './lib/delivery/message.js';
import { planDeliveries, type Delivery } from './lib/delivery/plan.js';
import { checkStakeholdersFile, type Person } from './lib/delivery/stakeholders.js';
import { OutputError, UsageError } from './lib/diagnostics/errors.js';
import { MANIFEST_FILE, parseManifest, sha256Hex, type Manifest } from './lib/build/manifest.js';
import { execute, runCommand } from './lib/cli/command.js';
import { appendLine, displayPath, readIfExists, writeFilesAtomically } from './lib/io/files.js';

/** Errors that mean the server cannot be reached at all: no use trying the next message. */
const CONNECTION_ERRORS = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EAUTH', 'ECONNREFUSED']);

interface Loaded {
  summary: string;
  pdf: Uint8Array;
}

async function readManifest(out: string): Promise<Manifest> {
  const bytes = await readIfExists(join(out, MANIFEST_FILE));
  const manifest = bytes && parseManifest(new TextDecoder().decode(bytes));
  if (!manifest) throw new UsageError(`${displayPath(join(out, MANIFEST_FILE))} is missing or unreadable; run npm run build first`);
  return manifest;
}

/**
 * Reads an edition's PDF and summary, and checks both against the manifest before anyone receives them: the
 * body and the attachment of a message come from the same build, or the message is not sent.
 */
async function loadBriefing(out: string, delivery: Delivery): Promise<Loaded | string> {
  const { briefing } = delivery;
  const [pdf, summary] = await Promise.all([readIfExists(join(out, briefing.pdf)), readIfExists(join(out, briefing.summary))]);
  if (!pdf || !summary) return `${briefing.pdf} or ${briefing.summary} is missing; run npm run build`;
  if (sha256Hex(pdf) !== briefing.sha256) return `${briefing.pdf} does not match ${MANIFEST_FILE}; run npm run build again`;
  if (sha256Hex(summary) !== briefing.summarySha256) return `${briefing.summary} does not match ${MANIFEST_FILE}; run npm run build again`;
  return { pdf, summary: new TextDecoder().decode(summary) };
}

const describe = (d: Delivery) => `${d.briefing.review} (${d.briefing.edition}) → ${d.recipient.email}`;

async function dryRun(out: string, sender: Person, deliveries: readonly Delivery[]): Promise<{ lines: string[]; failed: number }> {
  const outbox = join(out, 'outbox');
  await rm(outbox, { recursive: true, force: true });
  await mkdir(outbox, { recursive: true });
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const lines: string[] = [];
  let failed = 0;
  for (const delivery of deliveries) {
    const loaded = await loadBriefing(out, delivery);
    if (typeof loaded === 'string') {
      failed++;
      lines.push(`${chalk.red('✗')} ${describe(delivery)}  ${loaded}`);
      continue;
    }
    const info = await transport.sendMail(composeMessage(delivery, sender, loaded.summary, loaded.pdf));
    const [written] = await writeFilesAtomically(outbox, { [emlName(delivery)]: new Uint8Array(info.message as Buffer) });
    lines.push(`${chalk.green('✓')} ${describe(delivery)}  ${displayPath(written!)}`);
  }
  return { lines, failed };
}

async function send(options: DistributeOptions, url: string, sender: Person, deliveries: readonly Delivery[]): Promise<{ lines: string[]; failed: number }> {
  const transport = nodemailer.createTransport(url);
  const lines: string[] = [];
  let failed = 0;
  try {
    for (const [i, delivery] of deliveries.entries()) {
      const loaded = await loadBriefing(options.out, delivery);
      if (typeof loaded === 'string') {
        failed++;
        lines.push(`${chalk.red('✗')} ${describe(delivery)}  ${loaded}`);
        continue;
      }
      try {
        const info = await transport.sendMail(composeMessage(delivery, sender, loaded.summary, loaded.pdf));
        const { review, edition, sha256 } = delivery.briefing;
        await appendLine(options.ledger, ledgerLine({ recipient: delivery.recipient.email, review, edition, sha256, at: new Date().toISOString(), response: info.response }));
        lines.push(`${chalk.green('✓')} ${describe(delivery)}  sent`);
      } catch (error) {
        if (error instanceof OutputError) throw error;
        failed++;
        const e = error as { code?: string; response?: string; message?: string };
        lines.push(`${chalk.red('✗')} ${describe(delivery)}  not delivered: ${e.response ?? e.message}; it stays unrecorded and is retried on the next run`);
        if (e.code && CONNECTION_ERRORS.has(e.code)) {
          const rest = deliveries.length - i - 1;
          if (rest > 0) lines.push(`${chalk.red('✗')} ${rest} more not attempted: the server cannot be used (${e.code}); check SMTP_URL`);
          failed += rest;
          break;
        }
      }
    }
  } finally {
    transport.close();
  }
  return { lines, failed };
}

function smtpUrl(options: DistributeOptions): string | undefined {
  const url = options.smtp ?? process.env.SMTP_URL;
  if (url === undefined || url === '') return undefined;
  if (!/^smtps?:\/\//i.test(url)) throw new UsageError('the SMTP URL must start with smtp:// or smtps://');
  return url;
}

async function distribute(options: DistributeOptions): Promise<number> {
  const url = smtpUrl(options);
  const dry = options.dryRun || url === undefined;
  const manifest = await readManifest(options.out);
  const stakeholderBytes = await readIfExists(options.stakeholders);
  if (!stakeholderBytes) throw new UsageError(`${options.stakeholders} does not exist; list the sender and recipients there (see README)`);
  const checked = checkStakeholdersFile(displayPath(options.stakeholders), stakeholderBytes, new Set(manifest.reviews.map((r) => r.id)));
  const ledgerBytes = await readIfExists(options.ledger);
  const ledger = parseLedger(displayPath(options.ledger), ledgerBytes ? new TextDecoder().decode(ledgerBytes) : '');
  const messages: Message[] = [...checked.messages, ...ledger.messages];
  const lines: string[] = [];
  let failed = 0;
  if (checked.stakeholders) {
    const plan = planDeliveries(checked.stakeholders.recipients, manifest, ledger.entries, options.force);
    if (dry) lines.push(url === undefined && !options.dryRun ? 'no SMTP URL (set SMTP_URL or pass --smtp): dry run, writing messages to the outbox and sending nothing' : 'dry run: writing messages to the outbox and sending nothing');
    else lines.push(`sending through ${new URL(url!).host}`);
    const result = dry ? await dryRun(options.out, checked.stakeholders.sender, plan.send) : await send(options, url!, checked.stakeholders.sender, plan.send);
    lines.push(...result.lines);
    failed = result.failed;
    const done = dry ? 'written' : 'sent';
    lines.push(`${plan.send.length - failed} ${done}, ${plan.unchanged.length} unchanged since the last delivery, ${failed} not delivered`);
  } else {
    lines.push(`${chalk.red('✗')} nothing sent: ${displayPath(options.stakeholders)} has errors`);
  }
  console.log(lines.join('\n'));
  if (messages.length > 0) console.error(`\n${formatMessages(messages)}\n\n${summarizeMessages(messages)}`);
  return hasErrors(messages) || failed > 0 ? 1 : 0;
}

const distributeCommand = { usage: DISTRIBUTE_USAGE, parse: parseDistributeOptions, run: distribute };

/** The distribute command: prints what `npm run distribute` prints and returns its exit code. Tests run it in-process. */
export const run = (args: readonly string[]): Promise<number> => execute(distributeCommand, args);

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await runCommand(distributeCommand);
