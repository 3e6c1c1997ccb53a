/**
 * sharp (libvips) costs ~28 MB resident and ~0.2 s to load, so it is loaded at the first image,
 * not at start: a service that only relays tasks never pays for it.
 */
import type sharpFunction from 'sharp';

let loading: Promise<typeof sharpFunction> | undefined;

export function loadSharp(): Promise<typeof sharpFunction> {
  loading ??= import('sharp').then((module) => {
    // libvips keeps recent operations (up to 50 MB) for reuse; each image here is worked on once.
    module.default.cache(false);
    return module.default;
  });
  return loading;
}
