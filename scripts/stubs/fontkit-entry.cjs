/**
 * In the start-up snapshot's bundle only (scripts/lib/pdfmake/bundled.ts): where the bundled pdfkit reads fontkit
 * from, as it would read node's module cache entry; the shared fontkit (scripts/lib/pdfmake/shared-fontkit.ts)
 * switches `exports`.
 */
module.exports = { exports: require('fontkit') };
