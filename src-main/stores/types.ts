// The normalized input model moved to domain/model.ts (issue 19: db/ may import domain/,
// not stores/). Re-exported here so store code keeps its imports.
export type * from '../domain/model';
