/**
 * TF-IDF vectors and their cosine, over the recommendations of both reviews together.
 *
 * Every sum runs in the order of term numbers, and terms are numbered in alphabetical order, so a similarity
 * depends only on the two texts and the corpus, never on the order of the input: cosine(a, b) and
 * cosine(b, a) are the same float, bit for bit.
 */

/** A sparse vector: term numbers in increasing order, with their weights; its length is 1 (or 0 when empty). */
export interface TermVector {
  terms: Uint32Array;
  weights: Float64Array;
}

/** Turns term lists into unit TF-IDF vectors: tf is 1 + ln(count), idf is ln((1 + n) / (1 + df)) + 1 (smoothed). */
export function vectorize(documents: readonly (readonly string[])[]): TermVector[] {
  const df = new Map<string, number>();
  for (const doc of documents) for (const term of new Set(doc)) df.set(term, (df.get(term) ?? 0) + 1);
  const vocabulary = [...df.keys()].sort();
  const number = new Map(vocabulary.map((term, i) => [term, i]));
  const idf = vocabulary.map((term) => Math.log((1 + documents.length) / (1 + df.get(term)!)) + 1);
  return documents.map((doc) => {
    const counts = new Map<number, number>();
    for (const term of doc) {
      const n = number.get(term)!;
      counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    const terms = Uint32Array.from([...counts.keys()].sort((a, b) => a - b));
    const weights = Float64Array.from(terms, (n) => (1 + Math.log(counts.get(n)!)) * idf[n]!);
    let norm = 0;
    for (const w of weights) norm += w * w;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let i = 0; i < weights.length; i++) weights[i]! /= norm;
    return { terms, weights };
  });
}

/**
 * The cosine of every pair (query, target) that shares a term, through an inverted index of the targets:
 * the cost is the number of (query term, target holding it) pairs, far below queries × targets when stop
 * words are gone. Returns, per query, the targets whose cosine is at least `floor` (in increasing order) and
 * their cosines.
 */
export function cosines(queries: readonly TermVector[], targets: readonly TermVector[], floor = 0): Map<number, number>[] {
  const postings = new Map<number, number[]>();
  targets.forEach((v, doc) => v.terms.forEach((t, i) => {
    const list = postings.get(t);
    if (list) list.push(doc, i);
    else postings.set(t, [doc, i]);
  }));
  const sums = new Float64Array(targets.length);
  const touched = new Uint8Array(targets.length);
  return queries.map((q) => {
    const hit: number[] = [];
    q.terms.forEach((t, i) => {
      const list = postings.get(t);
      if (list === undefined) return;
      for (let k = 0; k < list.length; k += 2) {
        const doc = list[k]!;
        if (touched[doc] === 0) (touched[doc] = 1), hit.push(doc);
        sums[doc]! += q.weights[i]! * targets[doc]!.weights[list[k + 1]!]!;
      }
    });
    const kept = hit.filter((doc) => sums[doc]! >= floor).sort((a, b) => a - b);
    const dots = new Map(kept.map((doc) => [doc, sums[doc]!]));
    for (const doc of hit) (sums[doc] = 0), (touched[doc] = 0);
    return dots;
  });
}

/** The cosine of two vectors, summed in the same order as `cosines` sums it, so the two agree to the bit. */
export function cosine(a: TermVector, b: TermVector): number {
  let sum = 0;
  for (let i = 0, j = 0; i < a.terms.length && j < b.terms.length; ) {
    if (a.terms[i]! < b.terms[j]!) i++;
    else if (a.terms[i]! > b.terms[j]!) j++;
    else sum += a.weights[i++]! * b.weights[j++]!;
  }
  return sum;
}
