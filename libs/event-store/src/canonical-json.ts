/**
 * Canonical JSON in the style of RFC 8785 (JCS): object keys sorted by UTF-16 code units, no
 * insignificant whitespace, numbers and strings serialised as ECMAScript's JSON.stringify does.
 * Equal values always give byte-identical text, so the text can be hashed.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) text += ',';
      text += canonicalJson(value[i] === undefined ? null : value[i]);
    }
    return `${text}]`;
  }
  if (typeof value === 'object') {
    // Plain loops rather than entries/filter/map: this runs for every event hashed or exported.
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    let text = '{';
    for (const key of keys) {
      const item = record[key];
      if (item === undefined) continue;
      if (text.length > 1) text += ',';
      text += `${JSON.stringify(key)}:${canonicalJson(item)}`;
    }
    return `${text}}`;
  }
  throw new TypeError(`canonicalJson: cannot serialise a ${typeof value}`);
}
