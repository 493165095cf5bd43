/**
 * In the start-up snapshot's bundle only: the `fontkit` that pdfkit's `require('fontkit')` gets (run.mjs routes it
 * here). pdfkit keeps the object it required, so this one looks each property up in fontkit-entry.cjs on every
 * use: switching that entry's exports reaches pdfkit whenever it is made.
 */
const entry = require('./fontkit-entry.cjs');

module.exports = new Proxy({}, { get: (_target, key) => entry.exports[key] });
