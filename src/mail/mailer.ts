import nodemailer, { type Transporter } from 'nodemailer';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Jobs } from '../jobs/jobs.ts';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
}

const sendJob = 'send-email';

/**
 * Every email is first written to the `emails` table, then a job sends it. Without SMTP the email
 * stays there as the outbox, which administrators read in the admin area; with SMTP a failed
 * delivery is retried by the job queue with growing pauses.
 */
export class Mailer {
  private readonly transport: Transporter | undefined;

  private readonly db: Database;
  private readonly jobs: Jobs;
  private readonly options: { smtpUrl: string | undefined; from: string };

  constructor(db: Database, jobs: Jobs, options: { smtpUrl: string | undefined; from: string }) {
    this.db = db;
    this.jobs = jobs;
    this.options = options;
    this.transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : undefined;
    jobs.define<{ id: number }>(sendJob, (data) => this.deliver(data.id));
  }

  /** Queues an email; pass a transaction so the email is written together with what caused it. */
  async queue(email: OutgoingEmail, db: Database = this.db): Promise<number> {
    const row = await db
      .insertInto('emails')
      .values({
        recipient: email.to,
        subject: email.subject,
        body_text: email.text,
        body_html: email.html ?? null,
        headers: JSON.stringify(email.headers ?? {}),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.jobs.send(sendJob, { id: row.id }, db === this.db ? {} : { db });
    return row.id;
  }

  async deliver(id: number): Promise<void> {
    const email = await this.db.selectFrom('emails').selectAll().where('id', '=', id).executeTakeFirst();
    if (!email || email.status === 'sent' || email.status === 'outbox') return;
    if (!this.transport) {
      await this.db.updateTable('emails').set({ status: 'outbox' }).where('id', '=', id).execute();
      return;
    }
    try {
      await this.transport.sendMail({
        from: this.options.from,
        to: email.recipient,
        subject: email.subject,
        text: email.body_text,
        ...(email.body_html ? { html: email.body_html } : {}),
        headers: email.headers,
      });
      await this.db
        .updateTable('emails')
        .set({ status: 'sent', sent_at: new Date(), attempts: sql`attempts + 1`, last_error: null })
        .where('id', '=', id)
        .execute();
    } catch (error) {
      await this.db
        .updateTable('emails')
        .set({ status: 'failed', attempts: sql`attempts + 1`, last_error: String(error).slice(0, 1000) })
        .where('id', '=', id)
        .execute();
      throw error;
    }
  }

  close() {
    this.transport?.close();
  }
}
