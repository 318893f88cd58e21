/**
 * A strict reader of the small XML that TwiML is, for the Twilio stand-in: it reads back what a call
 * would say and where its Gather sends the key press, and it fails where Twilio's parser would (an
 * unescaped `&` or `<`, an unclosed or misnested element, an unquoted attribute, a root other than
 * <Response>), so a TwiML builder that forgets to escape is caught in tests.
 */

export interface TwimlElement {
  name: string;
  attrs: Record<string, string>;
  children: Array<TwimlElement | string>;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  fail(why: string): never {
    throw new Error(`TwiML parse failure at ${this.pos}: ${why}`);
  }
  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }
  expect(s: string): void {
    if (!this.startsWith(s)) this.fail(`expected ${JSON.stringify(s)}`);
    this.pos += s.length;
  }
  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }
  name(): string {
    const m = /[A-Za-z_][\w.-]*/y;
    m.lastIndex = this.pos;
    const found = m.exec(this.text);
    if (!found) this.fail('expected a name');
    this.pos += found[0].length;
    return found[0];
  }
  /** Character data up to `end` (exclusive), entities decoded; a raw `<` or a bare `&` is an error. */
  chars(end: string): string {
    let out = '';
    while (this.pos < this.text.length && !this.startsWith(end)) {
      const c = this.text[this.pos];
      if (c === '<') this.fail('unescaped "<"');
      if (c !== '&') {
        out += c;
        this.pos++;
        continue;
      }
      const ref = /&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/y;
      ref.lastIndex = this.pos;
      const m = ref.exec(this.text);
      if (!m) this.fail('unescaped "&"');
      const name = m[1];
      if (name.startsWith('#x')) out += String.fromCodePoint(parseInt(name.slice(2), 16));
      else if (name.startsWith('#')) out += String.fromCodePoint(parseInt(name.slice(1), 10));
      else if (name in ENTITIES) out += ENTITIES[name];
      else this.fail(`unknown entity &${name};`);
      this.pos += m[0].length;
    }
    return out;
  }
}

function element(r: Reader): TwimlElement {
  r.expect('<');
  const name = r.name();
  const attrs: Record<string, string> = {};
  for (;;) {
    const before = r.pos;
    r.skipSpace();
    if (r.startsWith('/>')) {
      r.pos += 2;
      return { name, attrs, children: [] };
    }
    if (r.startsWith('>')) {
      r.pos += 1;
      break;
    }
    if (r.pos === before) r.fail('expected a space before an attribute');
    const attr = r.name();
    r.skipSpace();
    r.expect('=');
    r.skipSpace();
    const quote = r.text[r.pos];
    if (quote !== '"' && quote !== "'") r.fail(`unquoted attribute ${attr}`);
    r.pos += 1;
    if (attr in attrs) r.fail(`attribute ${attr} twice`);
    attrs[attr] = r.chars(quote);
    r.expect(quote);
  }
  const children: TwimlElement['children'] = [];
  for (;;) {
    if (r.pos >= r.text.length) r.fail(`<${name}> is not closed`);
    if (r.startsWith('</')) {
      r.pos += 2;
      const closing = r.name();
      if (closing !== name) r.fail(`</${closing}> closes <${name}>`);
      r.skipSpace();
      r.expect('>');
      return { name, attrs, children };
    }
    if (r.startsWith('<!--')) {
      const end = r.text.indexOf('-->', r.pos + 4);
      if (end < 0) r.fail('comment is not closed');
      r.pos = end + 3;
    } else if (r.startsWith('<')) children.push(element(r));
    else children.push(r.chars('<'));
  }
}

/** The document's root, <Response>; throws with the reason when Twilio could not run it. */
export function parseTwiml(xml: string): TwimlElement {
  const r = new Reader(xml);
  if (r.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) r.fail('XML declaration is not closed');
    r.pos = end + 2;
  }
  r.skipSpace();
  const root = element(r);
  r.skipSpace();
  if (r.pos !== xml.length) r.fail('content after the root element');
  if (root.name !== 'Response') r.fail(`root is <${root.name}>, not <Response>`);
  return root;
}

/** Every element named `name`, in document order. */
export function elementsNamed(root: TwimlElement, name: string): TwimlElement[] {
  const found: TwimlElement[] = [];
  const walk = (e: TwimlElement) => {
    if (e.name === name) found.push(e);
    for (const child of e.children) if (typeof child !== 'string') walk(child);
  };
  walk(root);
  return found;
}

export function textOf(e: TwimlElement): string {
  return e.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}
