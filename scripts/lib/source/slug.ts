/** Ids in data files: lowercase letters, digits and hyphens, at most 64, so that no id can leave its folder as a path. */
export const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
