import type { Manifest } from '../build/manifest.js';
import { EDITION_DIRS, EDITIONS, type EditionName } from '../edition/edition.js';
import { deliveredSet, deliveryKey, type LedgerEntry } from './ledger.js';
import { reviewsOf, type Recipient } from './stakeholders.js';

/** One edition of one built review, as the manifest lists it. */
export interface Briefing {
  review: string;
  title: string;
  edition: EditionName;
  /** paths relative to out/ */
  pdf: string;
  summary: string;
  sha256: string;
  /** the summary's sha256, as the manifest lists it */
  summarySha256?: string;
}

export interface Delivery {
  recipient: Recipient;
  briefing: Briefing;
}

interface Plan {
  send: Delivery[];
  /** already delivered with the same PDF */
  unchanged: Delivery[];
}

/** The briefings the manifest lists, by review id and edition. */
function briefingsOf(manifest: Manifest): Map<string, Briefing> {
  const briefings = new Map<string, Briefing>();
  for (const { id, title } of manifest.reviews) {
    for (const edition of EDITIONS) {
      const dir = `${id}/${EDITION_DIRS[edition]}`;
      const pdf = manifest.artefacts.find((a) => a.path === `${dir}briefing.pdf`);
      const summary = manifest.artefacts.find((a) => a.path === `${dir}summary.txt`);
      if (pdf) briefings.set(`${id}/${edition}`, { review: id, title, edition, pdf: pdf.path, summary: `${dir}summary.txt`, sha256: pdf.sha256, summarySha256: summary?.sha256 });
    }
  }
  return briefings;
}

/**
 * Each recipient gets each of their reviews in their edition, unless the ledger shows that exact PDF was
 * already accepted for them. `force` sends everything again.
 */
export function planDeliveries(recipients: readonly Recipient[], manifest: Manifest, ledger: readonly LedgerEntry[], force = false): Plan {
  const briefings = briefingsOf(manifest);
  const built = manifest.reviews.map((r) => r.id);
  const delivered = deliveredSet(ledger);
  const plan: Plan = { send: [], unchanged: [] };
  for (const recipient of recipients) {
    for (const review of reviewsOf(recipient, built)) {
      const briefing = briefings.get(`${review}/${recipient.edition}`);
      if (!briefing) continue;
      const done = delivered.has(`${deliveryKey(recipient.email, review, recipient.edition)}\u0000${briefing.sha256}`);
      (done && !force ? plan.unchanged : plan.send).push({ recipient, briefing });
    }
  }
  return plan;
}
