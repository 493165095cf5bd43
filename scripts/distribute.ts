#!/usr/bin/env -S npx tsx
/** `npm run distribute`: the zx entry point that emails the built briefings. Planning and composing are pure (lib/delivery). */
import { chalk } from 'zx';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Key } from 'openpgp';
import { DISTRIBUTE_USAGE, parseDistributeOptions, type DistributeOptions } from './lib/cli/options.js';
import { createMessage, hasErrors, START, type Message } from './lib/diagnostics/message.js';
import { formatMessages, summarizeMessages } from './lib/diagnostics/report.js';
import { ledgerLine, parseLedger } from './lib/delivery/ledger.js';
import { composeMessage, emlName } from './lib/delivery/message.js';
import { encryptMessage, recipientKeys } from './lib/delivery/openpgp.js';
import { planDeliveries, type ArtefactRef, type Delivery, type Held } from './lib/delivery/plan.js';
import { checkStakeholdersFile, type Stakeholders } from './lib/delivery/stakeholders.js';
import { OutputError, UsageError } from './lib/diagnostics/errors.js';
import { MANIFEST_FILE, parseManifest, sha256Hex, type Manifest } from './lib/build/manifest.js';
import { runCommand } from './lib/cli/command.js';
import { appendLine, displayPath, readIfExists, withLedgerLock, writeFilesAtomically } from './lib/io/files.js';

/** Errors that mean the server cannot be reached at all: no use trying the next message. */
const CONNECTION_ERRORS = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EAUTH', 'ECONNREFUSED']);
/** The dry run's outbox: a hidden folder, so it can never be a review's out/<id>/ (ids start with a letter or digit). */
const OUTBOX = '.outbox';


interface Run {
  out: string;
  stakeholders: Stakeholders;
  keys: Map<string, Key>;
  messages: Message[];
}

async function readManifest(out: string): Promise<Manifest> {
  const bytes = await readIfExists(join(out, MANIFEST_FILE));
  const manifest = bytes && parseManifest(new TextDecoder().decode(bytes));
  if (!manifest) throw new UsageError(`${displayPath(join(out, MANIFEST_FILE))} is missing or unreadable; run npm run build first`);
  return manifest;
}

/** A built file's bytes, or a message when it is missing or no longer what the manifest lists (edited after the build). */
async function readChecked(out: string, file: ArtefactRef): Promise<Uint8Array | Message> {
  const path = join(out, file.path);
  const bytes = await readIfExists(path);
  if (!bytes) return createMessage(displayPath(path), START, 'artefact-mismatch', `the file is missing although ${MANIFEST_FILE} lists it; run npm run build again`);
  if (sha256Hex(bytes) === file.sha256) return bytes;
  return createMessage(displayPath(path), START, 'artefact-mismatch', `the file was changed after the build (its sha256 is not the one ${MANIFEST_FILE} lists), so it is not sent; run npm run build again to rebuild it from the data`);
}

/** The message for one delivery, every file checked against the manifest first and, for a key holder, encrypted. */
async function prepare(run: Run, delivery: Delivery): Promise<SendMailOptions | Message> {
  const { briefing, recipient } = delivery;
  const [pdf, summary] = await Promise.all([readChecked(run.out, briefing.pdf), readChecked(run.out, briefing.summary)]);
  if (!(pdf instanceof Uint8Array)) return pdf;
  if (!(summary instanceof Uint8Array)) return summary;
  const message = composeMessage(delivery, run.stakeholders.sender, new TextDecoder().decode(summary), pdf);
  return delivery.encrypt ? encryptMessage(message, run.keys.get(recipient.email.toLowerCase())!) : message;
}

const describe = (d: Delivery | Held) => `${d.briefing.review} (${d.briefing.label}) → ${d.recipient.email}`;

function refused(run: Run, delivery: Delivery, message: Message): string {
  run.messages.push(message);
  return `${chalk.red('✗')} ${describe(delivery)}  not sent: ${message.file} does not match ${MANIFEST_FILE}`;
}

async function dryRun(run: Run, deliveries: readonly Delivery[]): Promise<{ lines: string[]; failed: number }> {
  const outbox = join(run.out, OUTBOX);
  await rm(outbox, { recursive: true, force: true });
  await mkdir(outbox, { recursive: true });
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const lines: string[] = [];
  let failed = 0;
  for (const delivery of deliveries) {
    const prepared = await prepare(run, delivery);
    if ('ruleId' in prepared) {
      failed++;
      lines.push(refused(run, delivery, prepared));
      continue;
    }
    const info = await transport.sendMail(prepared);
    const [written] = await writeFilesAtomically(outbox, { [emlName(delivery)]: new Uint8Array(info.message as Buffer) });
    lines.push(`${chalk.green('✓')} ${describe(delivery)}  ${displayPath(written!)}`);
  }
  return { lines, failed };
}

async function send(run: Run, options: DistributeOptions, url: string, deliveries: readonly Delivery[]): Promise<{ lines: string[]; failed: number }> {
  const transport = nodemailer.createTransport(url);
  const lines: string[] = [];
  let failed = 0;
  try {
    for (const [i, delivery] of deliveries.entries()) {
      const prepared = await prepare(run, delivery);
      if ('ruleId' in prepared) {
        failed++;
        lines.push(refused(run, delivery, prepared));
        continue;
      }
      try {
        const info = await transport.sendMail(prepared);
        const { review } = delivery.briefing;
        await appendLine(options.ledger, ledgerLine({ recipient: delivery.recipient.email, review, edition: delivery.recipient.edition, sha256: delivery.briefing.pdf.sha256, at: new Date().toISOString(), response: info.response }));
        lines.push(`${chalk.green('✓')} ${describe(delivery)}  sent${delivery.encrypt ? ' (OpenPGP-encrypted)' : ''}`);
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

/** One line per briefing held back, with its reason. */
function heldLines(held: readonly Held[]): string[] {
  return held.map((h) => `${chalk.yellow('–')} ${describe(h)}  held back: ${h.reason}`);
}

async function deliver(run: Run, options: DistributeOptions, manifest: Manifest, url: string | undefined): Promise<{ lines: string[]; failed: number }> {
  const dry = options.dryRun || url === undefined;
  return withLedgerLock(options.ledger, async () => {
    const ledgerBytes = await readIfExists(options.ledger);
    const ledger = parseLedger(displayPath(options.ledger), ledgerBytes ? new TextDecoder().decode(ledgerBytes) : '');
    run.messages.push(...ledger.messages);
    const plan = planDeliveries(run.stakeholders.recipients, manifest, ledger.entries, options.force);
    const lines = [dry ? (url === undefined && !options.dryRun ? 'no SMTP URL (set SMTP_URL or pass --smtp): dry run, writing messages to the outbox and sending nothing' : 'dry run: writing messages to the outbox and sending nothing') : `sending through ${new URL(url!).host}`];
    const result = dry ? await dryRun(run, plan.send) : await send(run, options, url!, plan.send);
    lines.push(...result.lines, ...heldLines(plan.held));
    const done = dry ? 'written' : 'sent';
    lines.push(`${plan.send.length - result.failed} ${done}, ${plan.unchanged.length} unchanged since the last delivery, ${plan.held.length} held back, ${result.failed} not delivered`);
    return { lines, failed: result.failed };
  });
}

async function distribute(options: DistributeOptions): Promise<number> {
  const url = smtpUrl(options);
  const manifest = await readManifest(options.out);
  const stakeholderBytes = await readIfExists(options.stakeholders);
  if (!stakeholderBytes) throw new UsageError(`${options.stakeholders} does not exist; list the sender and recipients there (see README)`);
  const checked = checkStakeholdersFile(displayPath(options.stakeholders), stakeholderBytes, new Set(manifest.reviews.map((r) => r.id)));
  const messages: Message[] = [...checked.messages];
  const keys = checked.stakeholders ? await recipientKeys(checked.stakeholders, checked.source!) : { keys: new Map<string, Key>(), messages: [] };
  messages.push(...keys.messages);
  let lines: string[];
  let failed = 0;
  if (checked.stakeholders && !hasErrors(messages)) {
    const run: Run = { out: options.out, stakeholders: checked.stakeholders, keys: keys.keys, messages };
    ({ lines, failed } = await deliver(run, options, manifest, url));
  } else {
    lines = [`${chalk.red('✗')} nothing sent: ${displayPath(options.stakeholders)} has errors`];
  }
  console.log(lines.join('\n'));
  if (messages.length > 0) console.error(`\n${formatMessages(messages)}\n\n${summarizeMessages(messages)}`);
  return hasErrors(messages) || failed > 0 ? 1 : 0;
}

await runCommand({
  usage: DISTRIBUTE_USAGE,
  parse: parseDistributeOptions,
  run: distribute,
});
