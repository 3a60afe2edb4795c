/**
 * JSON decoding with lua-cjson's error messages ("Expected value but found invalid token at
 * character 1"), because APISIX echoes them in `invalid request body: …` answers.
 */
import type { Json } from './types.js';

type TokenType =
  | 'T_OBJ_BEGIN'
  | 'T_OBJ_END'
  | 'T_ARR_BEGIN'
  | 'T_ARR_END'
  | 'T_STRING'
  | 'T_NUMBER'
  | 'T_BOOLEAN'
  | 'T_NULL'
  | 'T_COLON'
  | 'T_COMMA'
  | 'T_END'
  | 'T_ERROR';

interface Token {
  type: TokenType;
  index: number;
  error?: string;
}

const PUNCTUATION: Record<string, TokenType> = {
  '{': 'T_OBJ_BEGIN',
  '}': 'T_OBJ_END',
  '[': 'T_ARR_BEGIN',
  ']': 'T_ARR_END',
  ':': 'T_COLON',
  ',': 'T_COMMA',
};
const LITERALS: Array<[string, TokenType]> = [
  ['true', 'T_BOOLEAN'],
  ['false', 'T_BOOLEAN'],
  ['null', 'T_NULL'],
];
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/;

class ParseError extends Error {}

class Lexer {
  private pos = 0;
  constructor(private readonly text: string) {}

  next(): Token {
    while (this.pos < this.text.length && ' \t\r\n'.includes(this.text[this.pos] ?? '')) this.pos++;
    const index = this.pos;
    const ch = this.text[index];
    if (ch === undefined) return { type: 'T_END', index };
    const punct = PUNCTUATION[ch];
    if (punct) {
      this.pos++;
      return { type: punct, index };
    }
    if (ch === '"') return this.string(index);
    if (ch === '-' || (ch >= '0' && ch <= '9')) return this.number(index);
    for (const [word, type] of LITERALS) {
      if (this.text.startsWith(word, index)) {
        this.pos += word.length;
        return { type, index };
      }
    }
    return { type: 'T_ERROR', index, error: 'invalid token' };
  }

  private string(index: number): Token {
    let i = index + 1;
    while (i < this.text.length) {
      const c = this.text[i];
      if (c === '"') {
        this.pos = i + 1;
        return { type: 'T_STRING', index };
      }
      if (c === '\\') {
        const esc = this.text[i + 1];
        if (esc === undefined) break;
        if (!'"\\/bfnrtu'.includes(esc))
          return { type: 'T_ERROR', index: i, error: 'invalid escape code' };
        i += esc === 'u' ? 6 : 2;
        continue;
      }
      i++;
    }
    return { type: 'T_ERROR', index: this.text.length, error: 'unexpected end of string' };
  }

  private number(index: number): Token {
    const match = NUMBER.exec(this.text.slice(index));
    if (!match) return { type: 'T_ERROR', index, error: 'invalid number' };
    this.pos = index + match[0].length;
    return { type: 'T_NUMBER', index };
  }
}

function fail(expected: string, token: Token): never {
  const found = token.type === 'T_ERROR' ? (token.error ?? 'invalid token') : token.type;
  throw new ParseError(`Expected ${expected} but found ${found} at character ${token.index + 1}`);
}

function parseValue(lexer: Lexer, token: Token): void {
  if (token.type === 'T_OBJ_BEGIN') parseObject(lexer);
  else if (token.type === 'T_ARR_BEGIN') parseArray(lexer);
  else if (!['T_STRING', 'T_NUMBER', 'T_BOOLEAN', 'T_NULL'].includes(token.type))
    fail('value', token);
}

function parseObject(lexer: Lexer): void {
  let token = lexer.next();
  if (token.type === 'T_OBJ_END') return;
  for (;;) {
    if (token.type !== 'T_STRING') fail('object key string', token);
    token = lexer.next();
    if (token.type !== 'T_COLON') fail('colon', token);
    parseValue(lexer, lexer.next());
    token = lexer.next();
    if (token.type === 'T_OBJ_END') return;
    if (token.type !== 'T_COMMA') fail('comma or object end', token);
    token = lexer.next();
  }
}

function parseArray(lexer: Lexer): void {
  let token = lexer.next();
  if (token.type === 'T_ARR_END') return;
  for (;;) {
    parseValue(lexer, token);
    token = lexer.next();
    if (token.type === 'T_ARR_END') return;
    if (token.type !== 'T_COMMA') fail('comma or array end', token);
    token = lexer.next();
  }
}

/** cjson's message for text that does not decode. */
function cjsonError(text: string): string {
  const lexer = new Lexer(text);
  try {
    parseValue(lexer, lexer.next());
    const end = lexer.next();
    if (end.type !== 'T_END') fail('the end', end);
  } catch (error) {
    if (error instanceof ParseError) return error.message;
    throw error;
  }
  return 'Expected value but found invalid token at character 1';
}

/**
 * Decodes `text`; on failure returns lua-cjson's message.
 *
 * @example
 * ```ts
 * decodeJson('{uri: 1}'); // { ok: false, error: 'Expected object key string but found invalid token at character 2' }
 * ```
 */
function decodeJson(text: string): { ok: true; value: Json } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as Json };
  } catch {
    return { ok: false, error: cjsonError(text) };
  }
}

export { decodeJson };
