import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bus mode (docs/bus-mode.md): field kits issued by the central server, the workshops they
 * check out, the batches a kit brought back, and, on a field instance, the kit it imported.
 */
export class FieldKits1764900000000 implements MigrationInterface {
  name = 'FieldKits1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Central's long-lived Ed25519 key (one row), made on first use.
    await queryRunner.query(`
      CREATE TABLE field_signing_keys (
        id integer PRIMARY KEY CHECK (id = 1),
        private_key text NOT NULL,
        public_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Only the kit's public key is kept: its private key travels in the kit file alone.
    await queryRunner.query(`
      CREATE TABLE field_kits (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        label text NOT NULL CHECK (length(btrim(label)) BETWEEN 1 AND 120),
        public_key text NOT NULL,
        issued_by uuid REFERENCES users (id) ON DELETE SET NULL,
        issued_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        closed_at timestamptz,
        workshop_ids uuid[] NOT NULL,
        facilitator_ids uuid[] NOT NULL
      )`);
    // While set, the workshop is out in that kit: central refuses changes to it (409).
    await queryRunner.query(
      `ALTER TABLE workshops ADD COLUMN checked_out_by uuid REFERENCES field_kits (id) ON DELETE SET NULL`,
    );
    // Each batch a kit brought back, once: a re-sent batch (same key, same digest) changes nothing.
    await queryRunner.query(`
      CREATE TABLE field_sync_batches (
        kit_id uuid NOT NULL REFERENCES field_kits (id) ON DELETE CASCADE,
        batch_key text NOT NULL,
        digest text NOT NULL,
        workshop_id uuid NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
        counts jsonb NOT NULL,
        via text NOT NULL CHECK (via IN ('sync', 'file')),
        applied_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kit_id, batch_key)
      )`);
    // A field event's place in central's log: the field's seq is the global key of an event.
    await queryRunner.query(`
      CREATE TABLE field_event_map (
        kit_id uuid NOT NULL REFERENCES field_kits (id) ON DELETE CASCADE,
        workshop_id uuid NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
        field_seq bigint NOT NULL,
        central_seq bigint NOT NULL,
        PRIMARY KEY (kit_id, workshop_id, field_seq)
      )`);
    // On a field instance: the kit it runs (its private key signs what goes back).
    await queryRunner.query(`
      CREATE TABLE field_imported_kits (
        id uuid PRIMARY KEY,
        label text NOT NULL,
        central_url text NOT NULL,
        expires_at timestamptz NOT NULL,
        central_public_key text NOT NULL,
        private_key text NOT NULL,
        workshop_ids uuid[] NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now(),
        last_synced_at timestamptz
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE field_imported_kits`);
    await queryRunner.query(`DROP TABLE field_event_map`);
    await queryRunner.query(`DROP TABLE field_sync_batches`);
    await queryRunner.query(`ALTER TABLE workshops DROP COLUMN checked_out_by`);
    await queryRunner.query(`DROP TABLE field_kits`);
    await queryRunner.query(`DROP TABLE field_signing_keys`);
  }
}
