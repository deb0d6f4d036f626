// The live protocol's client, shared by the web app, the API's integration tests, the e2e test
// phones and the live benchmarks: connection handling, the gap buffer and replay (LiveClient),
// the state reducer (live-state), the outbox and its store interface. No React, no Node-only
// module, no DOM storage: the IndexedDB stores stay in the web app, behind the interfaces.
export * from './lib/live-state';
export * from './lib/live-client';
export * from './lib/outbox';
export * from './lib/connection';
export * from './lib/board-store';
