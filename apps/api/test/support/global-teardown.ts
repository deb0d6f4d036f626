export default async function globalTeardown(): Promise<void> {
  const state = globalThis as { __testDatabaseCleanup?: () => Promise<void> };
  await state.__testDatabaseCleanup?.();
}
