// The words both processes share, as the contract and the renderer import them: the pure
// lists live in domain/ (vocabulary.ts; the stores and their identifier kinds follow from
// STORE_PROFILES in stores.ts).
export * from '../domain/vocabulary';
export { ID_KINDS, STORE_NAMES, STORES, type IdKind, type Store } from '../domain/stores';
