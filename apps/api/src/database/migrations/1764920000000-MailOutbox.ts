import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mail that arrives (docs/mail.md): the durable outbox (one row per mail, written in the
 * transaction of the event that causes it, unique by idempotency key), the addresses people
 * gave with their consent per category, the unsubscribed (address hash, category) pairs, and
 * the secret that signs unsubscribe links (random, made here so every instance shares it).
 */
export class MailOutbox1764920000000 implements MigrationInterface {
  name = 'MailOutbox1764920000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE mail_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        idempotency_key text NOT NULL UNIQUE,
        category text NOT NULL,
        recipient text NOT NULL,
        recipient_key text,
        address_hash text NOT NULL,
        language text NOT NULL,
        subject text NOT NULL,
        text_body text NOT NULL,
        html_body text NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        locked_until timestamptz,
        last_error text,
        created_at timestamptz NOT NULL,
        sent_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'pending'`,
    );
    await queryRunner.query(`CREATE INDEX mail_outbox_created ON mail_outbox (created_at DESC)`);
    await queryRunner.query(
      `CREATE INDEX mail_outbox_recipient_key ON mail_outbox (recipient_key) WHERE recipient_key IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE mail_contacts (
        identity_key text PRIMARY KEY,
        email text NOT NULL CHECK (position('@' IN email) > 1),
        language text NOT NULL CHECK (language IN ('fr', 'en')),
        categories text[] NOT NULL,
        consented_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE mail_unsubscribes (
        address_hash text NOT NULL,
        category text NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (address_hash, category)
      )`);
    await queryRunner.query(`
      CREATE TABLE mail_secret (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        secret text NOT NULL
      )`);
    await queryRunner.query(
      `INSERT INTO mail_secret (secret)
       VALUES (replace(gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE mail_secret`);
    await queryRunner.query(`DROP TABLE mail_unsubscribes`);
    await queryRunner.query(`DROP TABLE mail_contacts`);
    await queryRunner.query(`DROP TABLE mail_outbox`);
  }
}
