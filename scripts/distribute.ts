#!/usr/bin/env -S npx tsx
/** `npm run distribute`: the zx entry point that emails the built briefings. Planning and composing are pure (lib/delivery). */
import { chalk } from 'zx';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Key } from 'openpgp';
import { DISTRIBUTE_USAGE, parseDistributeOptions, type DistributeOptions } from './lib/cli/options.js';
import { createMessage, hasErrors, START, type Message } from './lib/diagnostics/message.js';
import { formatMessages, summarizeMessages } from './lib/diagnostics/report.js';
import { contentKey, ledgerLine, parseLedger } from './lib/delivery/ledger.js';
import { whatChanged } from './lib/delivery/changes.js';
import { embeddedReview } from './lib/changes/embedded.js';
import { parseBriefingData, type BriefingData } from './lib/changes/diff.js';
import { composeMessage, emlName, type Loaded } from './lib/delivery/message.js';
import { encryptMessage, recipientKeys } from './lib/delivery/openpgp.js';
import { briefingsOf, groupDeliveries, planDeliveries, type ArtefactRef, type Briefing, type Delivery, type Held } from './lib/delivery/plan.js';
import { checkStakeholdersFile, type Stakeholders } from './lib/delivery/stakeholders.js';
import { OutputError, UsageError } from './lib/diagnostics/errors.js';
import { MANIFEST_FILE, parseManifest, sha256Hex, type Manifest } from './lib/build/manifest.js';
import { execute, runCommand } from './lib/cli/command.js';
import { appendLine, displayPath, readIfExists, withLedgerLock, writeFilesAtomically } from './lib/io/files.js';

/** Errors that mean the server cannot be reached at all: no use trying the next message. */
const CONNECTION_ERRORS = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EAUTH', 'ECONNREFUSED']);
/** The dry run's outbox: a hidden folder, so it can never be a review's out/<id>/ (ids start with a letter or digit). */
const OUTBOX = '.outbox';

interface Run {
  out: string;
  ledger: string;
  stakeholders: Stakeholders;
  keys: Map<string, Key>;
  messages: Message[];
  /** every briefing's files, read once before planning */
  files: Map<string, Files | Message>;
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
  if (!bytes) return createMessage(displayPath(path), START, 'artefact-mismatch', { kind: 'missing', manifest: MANIFEST_FILE });
  if (sha256Hex(bytes) === file.sha256) return bytes;
  return createMessage(displayPath(path), START, 'artefact-mismatch', { kind: 'changed', manifest: MANIFEST_FILE });
}

/** A briefing's files as read before planning: every one checked against the manifest, and the data its PDF embeds. */
interface Files {
  pdf: Uint8Array;
  summary: Uint8Array;
  data?: Uint8Array;
  content: string;
}

async function readBriefing(out: string, briefing: Briefing): Promise<Files | Message> {
  const [pdf, summary] = await Promise.all([readChecked(out, briefing.pdf), readChecked(out, briefing.summary)]);
  if (!(pdf instanceof Uint8Array)) return pdf;
  if (!(summary instanceof Uint8Array)) return summary;
  const data = embeddedReview(pdf);
  return { pdf, summary, data, content: contentKey(data, summary, pdf) };
}

const briefingKey = (b: Briefing) => `${b.review}/${b.edition}`;

async function readBriefings(out: string, manifest: Manifest): Promise<Map<string, Files | Message>> {
  const read = new Map<string, Files | Message>();
  for (const briefing of briefingsOf(manifest).values()) read.set(briefingKey(briefing), await readBriefing(out, briefing));
  return read;
}

const versionsDir = (ledger: string) => join(dirname(ledger), 'versions');

/** The data behind the version a recipient last received, from the copy kept beside the ledger. */
async function previousData(run: Run, delivery: Delivery): Promise<BriefingData | undefined> {
  const content = delivery.previous?.content;
  return content ? parseBriefingData(await readIfExists(join(versionsDir(run.ledger), `${content}.json`))) : undefined;
}

/** The message for a group of deliveries (one, or a recipient's digest), every file checked and, for a key holder, encrypted. */
async function prepare(run: Run, group: readonly Delivery[]): Promise<SendMailOptions | Message> {
  const loaded: Loaded[] = [];
  for (const delivery of group) {
    const files = run.files.get(briefingKey(delivery.briefing))!;
    if ('ruleId' in files) return files;
    const changes = whatChanged(delivery, parseBriefingData(files.data), await previousData(run, delivery));
    loaded.push({ delivery, pdf: files.pdf, summary: new TextDecoder().decode(files.summary), changes });
  }
  const message = composeMessage(loaded, run.stakeholders.sender);
  const recipient = group[0]!.recipient;
  return group.some((d) => d.encrypt) ? encryptMessage(message, run.keys.get(recipient.email.toLowerCase())!) : message;
}

const describe = (d: Delivery | Held) => `${d.briefing.review} (${d.briefing.label}) → ${d.recipient.email}`;
const describeGroup = (group: readonly Delivery[]) => (group.length === 1 ? describe(group[0]!) : `digest of ${group.map((d) => d.briefing.review).join(', ')} → ${group[0]!.recipient.email}`);

function refused(run: Run, group: readonly Delivery[], message: Message): string {
  run.messages.push(message);
  return `${chalk.red('✗')} ${describeGroup(group)}  not sent: ${message.file} does not match ${MANIFEST_FILE}`;
}

/** After the server accepted a message: the data of each version kept for the next "what changed", then one ledger write. */
async function record(run: Run, group: readonly Delivery[], response: string | undefined): Promise<void> {
  const versions: Record<string, Uint8Array> = {};
  for (const d of group) {
    const files = run.files.get(briefingKey(d.briefing)) as Files;
    if (files.data) versions[`${files.content}.json`] = files.data;
  }
  if (Object.keys(versions).length > 0) await writeFilesAtomically(versionsDir(run.ledger), versions);
  const at = new Date().toISOString();
  const lines = group.map((d) => ledgerLine({ recipient: d.recipient.email, review: d.briefing.review, edition: d.recipient.edition, sha256: d.briefing.pdf.sha256, content: d.content, at, response }));
  await appendLine(run.ledger, lines.join(''));
}

type Outcome = { lines: string[]; failed: number };

async function dryRun(run: Run, groups: readonly Delivery[][]): Promise<Outcome> {
  const outbox = join(run.out, OUTBOX);
  await rm(outbox, { recursive: true, force: true });
  await mkdir(outbox, { recursive: true });
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const lines: string[] = [];
  let failed = 0;
  for (const group of groups) {
    const prepared = await prepare(run, group);
    if ('ruleId' in prepared) {
      failed += group.length;
      lines.push(refused(run, group, prepared));
      continue;
    }
    const info = await transport.sendMail(prepared);
    const [written] = await writeFilesAtomically(outbox, { [emlName(group)]: new Uint8Array(info.message as Buffer) });
    lines.push(`${chalk.green('✓')} ${describeGroup(group)}  ${displayPath(written!)}`);
  }
  return { lines, failed };
}

async function send(run: Run, url: string, groups: readonly Delivery[][]): Promise<Outcome> {
  const transport = nodemailer.createTransport(url);
  const lines: string[] = [];
  let failed = 0;
  try {
    for (const [i, group] of groups.entries()) {
      const prepared = await prepare(run, group);
      if ('ruleId' in prepared) {
        failed += group.length;
        lines.push(refused(run, group, prepared));
        continue;
      }
      try {
        const info = await transport.sendMail(prepared);
        await record(run, group, info.response);
        lines.push(`${chalk.green('✓')} ${describeGroup(group)}  sent${group.some((d) => d.encrypt) ? ' (OpenPGP-encrypted)' : ''}`);
      } catch (error) {
        if (error instanceof OutputError) throw error;
        failed += group.length;
        const e = error as { code?: string; response?: string; message?: string };
        lines.push(`${chalk.red('✗')} ${describeGroup(group)}  not delivered: ${e.response ?? e.message}; it stays unrecorded and is retried on the next run`);
        if (e.code && CONNECTION_ERRORS.has(e.code)) {
          const rest = groups.slice(i + 1).reduce((n, g) => n + g.length, 0);
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

async function deliver(run: Run, options: DistributeOptions, manifest: Manifest, url: string | undefined): Promise<Outcome> {
  const dry = options.dryRun || url === undefined;
  return withLedgerLock(options.ledger, async () => {
    const ledgerBytes = await readIfExists(options.ledger);
    const ledger = parseLedger(displayPath(options.ledger), ledgerBytes ? new TextDecoder().decode(ledgerBytes) : '');
    run.messages.push(...ledger.messages);
    run.files = await readBriefings(options.out, manifest);
    const contentOf = (b: Briefing) => {
      const files = run.files.get(briefingKey(b));
      return files && !('ruleId' in files) ? files.content : undefined;
    };
    const plan = planDeliveries(run.stakeholders.recipients, manifest, ledger.entries, { force: options.force, contentOf });
    const groups = groupDeliveries(plan.send, run.stakeholders.digest_above);
    const lines = [dry ? (url === undefined && !options.dryRun ? 'no SMTP URL (set SMTP_URL or pass --smtp): dry run, writing messages to the outbox and sending nothing' : 'dry run: writing messages to the outbox and sending nothing') : `sending through ${new URL(url!).host}`];
    const result = dry ? await dryRun(run, groups) : await send(run, url!, groups);
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
    const run: Run = { out: options.out, ledger: options.ledger, stakeholders: checked.stakeholders, keys: keys.keys, messages, files: new Map() };
    ({ lines, failed } = await deliver(run, options, manifest, url));
  } else {
    lines = [`${chalk.red('✗')} nothing sent: ${displayPath(options.stakeholders)} has errors`];
  }
  console.log(lines.join('\n'));
  if (messages.length > 0) console.error(`\n${formatMessages(messages)}\n\n${summarizeMessages(messages)}`);
  return hasErrors(messages) || failed > 0 ? 1 : 0;
}

const distributeCommand = { usage: DISTRIBUTE_USAGE, parse: parseDistributeOptions, run: distribute };

/** The distribute command: prints what `npm run distribute` prints and returns its exit code. Tests run it in-process. */
export const run = (args: readonly string[]): Promise<number> => execute(distributeCommand, args);

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await runCommand(distributeCommand);
