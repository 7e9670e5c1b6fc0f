// Written by scripts/package-versions.mjs from the loader's bytes: do not edit.
/** The newest loader version this package knows. */
export const LATEST = '0.1.0';
/** Each loader version's Subresource Integrity hash. */
export const VERSIONS = {
  '0.1.0': 'sha384-AVWTMgEkWpqvkRjG/EvsmeER+vdqvHD9QAW6sXNBX+H4rSxTpQGZA2YrTnm5RqAQ',
};
