/**
 * A small browser stand-in over `app.inject`: it keeps cookies between requests and fills in the
 * CSRF token of forms, so a test reads like a person using the site.
 *
 *   const client = new TestClient(app);
 *   await client.signIn('ada@example.org', 'correct horse battery');
 *   const response = await client.postForm('/ideas/new', { title: 'Compost' });
 *   assert.equal(response.status, 303);
 */
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';

export type Headers = Record<string, string | string[] | undefined>;

export interface TestResponse {
  status: number;
  headers: Headers;
  body: string;
  /** The Location header, for redirects. */
  location: string | undefined;
  json<T = unknown>(): T;
}

export interface RequestOptions {
  headers?: Record<string, string>;
}

export interface FormOptions extends RequestOptions {
  /** Page to take the CSRF token from, when it is not the page posted to. */
  csrfFrom?: string;
}

export interface UploadedFile {
  /** Form field name. */
  name: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

const sessionCookieName = 'seedbed_session';

/** The value of the first hidden `_csrf` field in a page, or undefined. */
export function csrfFrom(body: string): string | undefined {
  for (const match of body.matchAll(/<input\b[^>]*>/gi)) {
    const tag = match[0];
    if (!/\bname\s*=\s*["']?_csrf["'\s/>]/i.test(tag)) continue;
    const value = /\bvalue\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    if (value) return decodeEntities(value[1] ?? value[2] ?? value[3] ?? '');
  }
  return undefined;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

export class TestClient {
  /** Cookies the "browser" holds, by name (values as the server set them). */
  readonly cookies = new Map<string, string>();

  /**
   * Where requests go: a Fastify app in this process (through inject), or the address of a hub
   * running in another process (through fetch). It may change between requests, as when one
   * browser's requests reach different processes behind a proxy.
   */
  target: FastifyInstance | string;

  constructor(target: FastifyInstance | string) {
    this.target = target;
  }

  get signedIn(): boolean {
    return this.cookies.has(sessionCookieName);
  }

  async request(method: string, path: string, options: RequestOptions & { payload?: string | Buffer } = {}): Promise<TestResponse> {
    const headers: Record<string, string> = { ...options.headers };
    const cookieHeader = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (cookieHeader && !Object.keys(headers).some((h) => h.toLowerCase() === 'cookie')) headers.cookie = cookieHeader;
    const response =
      typeof this.target === 'string'
        ? await fetched(this.target, method, path, headers, options.payload)
        : await this.target.inject({
            method: method as 'GET',
            url: path,
            headers,
            ...(options.payload !== undefined ? { payload: options.payload } : {}),
          });
    this.storeCookies(response.headers['set-cookie']);
    const body = response.body;
    const location = response.headers.location;
    return {
      status: response.statusCode,
      headers: response.headers as Headers,
      body,
      location: Array.isArray(location) ? location[0] : location,
      json<T>() {
        return JSON.parse(body) as T;
      },
    };
  }

  get(path: string, options: RequestOptions = {}): Promise<TestResponse> {
    return this.request('GET', path, options);
  }

  /** The CSRF token of a page, read the way a browser gets it: by loading the page. */
  async csrfToken(page: string): Promise<string> {
    const response = await this.get(page);
    const token = csrfFrom(response.body);
    if (!token) {
      const where = response.location ? `, redirected to ${response.location}` : '';
      throw new Error(`GET ${page} (status ${response.status}${where}) has no _csrf field to take a token from.`);
    }
    return token;
  }

  /** Posts a form as a browser does (urlencoded), with a CSRF token unless `fields` has one. */
  async postForm(path: string, fields: Record<string, string | string[]>, options: FormOptions = {}): Promise<TestResponse> {
    const params = new URLSearchParams();
    if (!('_csrf' in fields)) params.append('_csrf', await this.csrfToken(options.csrfFrom ?? path));
    for (const [name, value] of Object.entries(fields)) {
      for (const item of Array.isArray(value) ? value : [value]) params.append(name, item);
    }
    return this.request('POST', path, {
      headers: { ...options.headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload: params.toString(),
    });
  }

  /** Posts a form with files (multipart/form-data), with a CSRF token unless `fields` has one. */
  async postMultipart(
    path: string,
    fields: Record<string, string | string[]>,
    files: UploadedFile[],
    options: FormOptions = {},
  ): Promise<TestResponse> {
    const boundary = `----seedbed-test-${crypto.randomBytes(12).toString('hex')}`;
    const parts: Buffer[] = [];
    const all: [string, string][] = [];
    if (!('_csrf' in fields)) all.push(['_csrf', await this.csrfToken(options.csrfFrom ?? path)]);
    for (const [name, value] of Object.entries(fields)) {
      for (const item of Array.isArray(value) ? value : [value]) all.push([name, item]);
    }
    for (const [name, value] of all) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`));
    }
    for (const file of files) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${quote(file.name)}"; filename="${quote(file.filename)}"\r\n` +
            `Content-Type: ${file.contentType}\r\n\r\n`,
        ),
        file.data,
        Buffer.from('\r\n'),
      );
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return this.request('POST', path, {
      headers: { ...options.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat(parts),
    });
  }

  /** Signs in through the sign-in form; throws (with the page's status) when that fails. */
  async signIn(email: string, password: string): Promise<TestResponse> {
    const response = await this.postForm('/sign-in', { email, password });
    if (!this.signedIn) {
      throw new Error(`Signing in as ${email} failed: POST /sign-in answered ${response.status}${response.location ? ` → ${response.location}` : ''}.`);
    }
    return response;
  }

  private storeCookies(header: string | string[] | undefined) {
    if (!header) return;
    for (const line of Array.isArray(header) ? header : [header]) {
      const [pair = '', ...attributes] = line.split(';');
      const equals = pair.indexOf('=');
      if (equals <= 0) continue;
      const name = pair.slice(0, equals).trim();
      const value = pair.slice(equals + 1).trim();
      // Max-Age wins over Expires (RFC 6265 §5.3); an empty value is how a cookie is cleared too.
      let maxAge: number | undefined;
      let expires: number | undefined;
      for (const attribute of attributes) {
        const [key = '', ...rest] = attribute.split('=');
        const attributeValue = rest.join('=').trim();
        const lowered = key.trim().toLowerCase();
        if (lowered === 'max-age' && attributeValue !== '') maxAge = Number(attributeValue);
        if (lowered === 'expires') expires = Date.parse(attributeValue);
      }
      let expired = value === '' || value === '""';
      if (maxAge !== undefined && !Number.isNaN(maxAge)) expired ||= maxAge <= 0;
      else if (expires !== undefined && !Number.isNaN(expires)) expired ||= expires <= Date.now();
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** A request over the network, answered in the shape inject gives. */
async function fetched(baseUrl: string, method: string, path: string, headers: Record<string, string>, payload: string | Buffer | undefined) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    redirect: 'manual',
    ...(payload !== undefined ? { body: typeof payload === 'string' ? payload : new Uint8Array(payload) } : {}),
  });
  const answerHeaders: Headers = Object.fromEntries(response.headers.entries());
  answerHeaders['set-cookie'] = response.headers.getSetCookie();
  return { statusCode: response.status, headers: answerHeaders, body: await response.text() };
}

function quote(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replace(/[\r\n]/g, ' ');
}
