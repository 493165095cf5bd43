import type { CustomTableLayout } from 'pdfmake/interfaces.js';

type Styles = Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>>;

/**
 * The table layouts a briefing's markup may name (`<table layout="…">`, besides pdfmake's own `noBorders` and
 * the like), made from the styles of the document being rendered: its rules take `table-rule`'s colour.
 */
export function tableLayouts(styles: Styles = {}): Record<string, CustomTableLayout> {
  const rule = String(styles['table-rule']?.color ?? '#999999');
  return {
    briefing: {
      hLineWidth: (i) => (i === 0 ? 0 : 0.5),
      vLineWidth: () => 0,
      hLineColor: () => rule,
      paddingTop: () => 4,
      paddingBottom: () => 4,
    },
    header: {
      hLineWidth: (i, node) => (i === node.table.body.length ? 0.5 : 0),
      vLineWidth: () => 0,
      hLineColor: () => rule,
      paddingLeft: () => 0,
      paddingRight: () => 0,
      paddingTop: () => 0,
      paddingBottom: () => 5,
    },
    /** a column of items under a heading row (a theme's claims): no rules, the heading row repeated on each page */
    list: {
      hLineWidth: () => 0,
      vLineWidth: () => 0,
      paddingLeft: () => 0,
      paddingRight: () => 0,
      paddingTop: () => 0,
      paddingBottom: () => 0,
    },
    chart: {
      hLineWidth: () => 0,
      vLineWidth: () => 0,
      paddingTop: () => 1.5,
      paddingBottom: () => 1.5,
      paddingLeft: () => 0,
      paddingRight: (i) => (i < 2 ? 6 : 0),
    },
  };
}
