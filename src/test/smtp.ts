/**
 * A throwaway SMTP server that keeps every email it receives, for tests of what the hub sends.
 *
 *   const smtp = await startTestSmtp();            // SMTP_URL = smtp.url
 *   const email = await smtp.waitForEmail((m) => m.to.includes('ada@example.org'));
 *   const link = firstLink(email.text, '/verify/');
 */
import type { AddressInfo } from 'node:net';
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';

export interface ReceivedEmail {
  /** Envelope recipients (the addresses the hub actually sent to). */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string | undefined;
}

export interface TestSmtp {
  url: string;
  /** Every email received so far, oldest first; `messages.length = 0` forgets them. */
  messages: ReceivedEmail[];
  /**
   * The first email, received before or after the call, for which `predicate` is true. Rejects
   * after `timeoutMs` with a list of what did arrive.
   */
  waitForEmail(predicate: (message: ReceivedEmail) => boolean, timeoutMs?: number): Promise<ReceivedEmail>;
  close(): Promise<void>;
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const messages: ReceivedEmail[] = [];
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    banner: 'Seedbed test SMTP',
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        PostalMime.parse(Buffer.concat(chunks))
          .then((parsed) => {
            const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
            const headerFrom = parsed.from && 'address' in parsed.from ? parsed.from.address : undefined;
            messages.push({
              to: session.envelope.rcptTo.map((address) => address.address),
              from: headerFrom ?? envelopeFrom,
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: parsed.html,
            });
            for (const wake of waiters) wake();
            callback();
          })
          .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;

  function waitForEmail(predicate: (message: ReceivedEmail) => boolean, timeoutMs = 15_000): Promise<ReceivedEmail> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = messages.find(predicate);
        if (!found) return false;
        finish();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        finish();
        const seen = messages.length
          ? messages.map((m) => `  - to ${m.to.join(', ')}: "${m.subject}"`).join('\n')
          : '  (none)';
        reject(new Error(`No matching email arrived within ${timeoutMs} ms. Emails received:\n${seen}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      if (!check()) waiters.add(check);
    });
  }

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitForEmail,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The first web address in `text` whose path starts with `pathPrefix` (e.g. '/verify/'). Throws,
 * quoting the text, when there is none, so a test fails with the email in front of it.
 */
export function firstLink(text: string, pathPrefix: string): string {
  for (const match of text.matchAll(/https?:\/\/[^\s<>"'()[\]]+/g)) {
    const candidate = match[0].replace(/[.,;:!?]+$/, '');
    try {
      if (new URL(candidate).pathname.startsWith(pathPrefix)) return candidate;
    } catch {
      // Not a valid address; keep looking.
    }
  }
  throw new Error(`No link whose path starts with "${pathPrefix}" in:\n${text}`);
}
