import type { Manifest } from '../build/manifest.js';
import { EDITION_DIRS, type EditionName } from '../edition/edition.js';
import { deliveredSet, deliveryKey, lastDelivered, type LedgerEntry } from './ledger.js';
import { reviewsOf, type Recipient } from './stakeholders.js';

/** A built file as the manifest lists it: path relative to out/, and the sha256 it must still have when sent. */
export interface ArtefactRef {
  path: string;
  sha256: string;
}

/** One edition of one built review, as the manifest lists it. */
export interface Briefing {
  review: string;
  title: string;
  status: 'draft' | 'final';
  edition: EditionName;
  /**
   * What the recipient is told they get: the edition, except that a restricted edition byte-identical to the
   * public one (a review without restricted material) is named and labelled public.
   */
  label: EditionName;
  pdf: ArtefactRef;
  summary: ArtefactRef;
}

export interface Delivery {
  recipient: Recipient;
  briefing: Briefing;
  /** encrypt body and attachment to the recipient's OpenPGP key */
  encrypt: boolean;
  /** the content key of this briefing now (see LedgerEntry.content) */
  content?: string;
  /** what the recipient last received of this review and edition */
  previous?: LedgerEntry;
}

export interface Held {
  recipient: Recipient;
  briefing: Briefing;
  reason: string;
}

interface Plan {
  send: Delivery[];
  /** already delivered with the same PDF */
  unchanged: Delivery[];
  /** not sent, and why: a draft, or a restricted edition with no key and no consent to plain delivery */
  held: Held[];
}

function artefact(manifest: Manifest, path: string): ArtefactRef | undefined {
  const entry = manifest.artefacts.find((a) => a.path === path);
  return entry && { path: entry.path, sha256: entry.sha256 };
}

/** The briefings the manifest lists, by review id and edition. */
export function briefingsOf(manifest: Manifest): Map<string, Briefing> {
  const briefings = new Map<string, Briefing>();
  for (const { id, title, status } of manifest.reviews) {
    const found = Object.fromEntries((['restricted', 'public'] as const).map((e) => [e, artefact(manifest, `${id}/${EDITION_DIRS[e]}briefing.pdf`)]));
    for (const edition of ['restricted', 'public'] as const) {
      const pdf = found[edition];
      const summary = artefact(manifest, `${id}/${EDITION_DIRS[edition]}summary.txt`);
      if (!pdf || !summary) continue;
      const label = edition === 'restricted' && pdf.sha256 === found.public?.sha256 ? 'public' : edition;
      briefings.set(`${id}/${edition}`, { review: id, title, status: status ?? 'draft', edition, label, pdf, summary });
    }
  }
  return briefings;
}

/** Why a briefing may not go to this recipient, if it may not. */
function holdReason(recipient: Recipient, briefing: Briefing): string | undefined {
  if (briefing.status !== 'final' && recipient.drafts !== true) {
    return 'the review is a draft (status: draft, or no status); write status: final in its data file when a person has approved it, and build again';
  }
  if (briefing.label === 'restricted' && recipient.openpgp_key === undefined && recipient.unencrypted !== 'accepted') {
    return 'a restricted edition, and the recipient has no openpgp_key; add their public key in the stakeholders file, or write unencrypted: accepted if plain e-mail is acceptable for them';
  }
  return undefined;
}

export interface PlanOptions {
  force?: boolean;
  /** each briefing's content key, when its files could be read; without one, only the same PDF counts as delivered */
  contentOf?: (briefing: Briefing) => string | undefined;
}

/**
 * Each recipient gets each of their reviews in their edition, unless it is held back (a draft, or restricted
 * material that cannot be protected in transit) or the ledger shows the same content (or, for older entries,
 * the same PDF) already accepted for them. `force` sends everything again that is not held back.
 */
export function planDeliveries(recipients: readonly Recipient[], manifest: Manifest, ledger: readonly LedgerEntry[], options: PlanOptions = {}): Plan {
  const briefings = briefingsOf(manifest);
  const built = manifest.reviews.map((r) => r.id);
  const delivered = deliveredSet(ledger);
  const last = lastDelivered(ledger);
  const plan: Plan = { send: [], unchanged: [], held: [] };
  for (const recipient of recipients) {
    for (const review of reviewsOf(recipient, built)) {
      const briefing = briefings.get(`${review}/${recipient.edition}`);
      if (!briefing) continue;
      const reason = holdReason(recipient, briefing);
      if (reason) {
        plan.held.push({ recipient, briefing, reason });
        continue;
      }
      const encrypt = briefing.label === 'restricted' && recipient.openpgp_key !== undefined;
      const key = deliveryKey(recipient.email, review, recipient.edition);
      const content = options.contentOf?.(briefing);
      const done = (content !== undefined && delivered.has(`${key}\u0000${content}`)) || delivered.has(`${key}\u0000pdf:${briefing.pdf.sha256}`);
      (done && !options.force ? plan.unchanged : plan.send).push({ recipient, briefing, encrypt, content, previous: last.get(key) });
    }
  }
  return plan;
}

/**
 * The messages of a run: each recipient's deliveries in one digest when they asked for it (`digest: true`) or,
 * by default, when they have more than `digestAbove` changed briefings; otherwise one message each.
 */
export function groupDeliveries(send: readonly Delivery[], digestAbove: number): Delivery[][] {
  const byRecipient = new Map<string, Delivery[]>();
  for (const d of send) byRecipient.set(d.recipient.email.toLowerCase(), [...(byRecipient.get(d.recipient.email.toLowerCase()) ?? []), d]);
  return [...byRecipient.values()].flatMap((list) => {
    const digest = list[0]!.recipient.digest ?? list.length > digestAbove;
    return digest && list.length > 1 ? [list] : list.map((d) => [d]);
  });
}
