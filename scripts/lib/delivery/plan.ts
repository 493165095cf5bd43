import type { Manifest } from '../build/manifest.js';
import { EDITION_DIRS, type EditionName } from '../edition/edition.js';
import { deliveredSet, deliveryKey, type LedgerEntry } from './ledger.js';
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
}

export interface Held {
  recipient: Recipient;
  briefing: Briefing;
  reason: string;
}

export interface Plan {
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

/**
 * Each recipient gets each of their reviews in their edition, unless it is held back (a draft, or restricted
 * material that cannot be protected in transit) or the ledger shows that exact PDF was already accepted for
 * them. `force` sends everything again that is not held back.
 */
export function planDeliveries(recipients: readonly Recipient[], manifest: Manifest, ledger: readonly LedgerEntry[], force = false): Plan {
  const briefings = briefingsOf(manifest);
  const built = manifest.reviews.map((r) => r.id);
  const delivered = deliveredSet(ledger);
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
      const done = delivered.has(`${deliveryKey(recipient.email, review, recipient.edition)}\u0000${briefing.pdf.sha256}`);
      (done && !force ? plan.unchanged : plan.send).push({ recipient, briefing, encrypt });
    }
  }
  return plan;
}
