// Test fixtures of the live protocol's views (ideas, activities, states), for the library's
// specs and the web app's: `@permanente/live-client/testing`, never imported by shipped code.
export * from './lib/__tests__/fixtures';
