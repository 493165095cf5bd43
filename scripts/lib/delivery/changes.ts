import { renderChanges, type BriefingData } from '../changes/diff.js';
import type { Delivery } from './plan.js';

/**
 * The "what changed" list of one delivery, relative to the version that recipient last received (the data the
 * ledger kept of it). A first delivery lists what there is.
 */
export function whatChanged(delivery: Delivery, now: BriefingData | undefined, before: BriefingData | undefined): string {
  const { previous } = delivery;
  if (!now) return 'WHAT CHANGED\nThis briefing\'s PDF holds no readable data, so its changes cannot be listed.\n';
  if (previous && !before) {
    return `WHAT CHANGED\nThe version you received on ${previous.at.slice(0, 10)} was recorded without its data, so the changes cannot be listed; the briefing is attached in full.\n`;
  }
  return renderChanges(now, before, previous ? `the version you received on ${previous.at.slice(0, 10)}` : 'your last delivery');
}
