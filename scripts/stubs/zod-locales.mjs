// zod's 60-odd locales (z.locales), left out of the bundles: nothing here calls z.config(z.locales.xx()), and
// zod registers English itself (zod/v4/classic/schemas.js imports locales/en.js directly).
export {};
