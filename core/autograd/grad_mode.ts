/** Grad mode: whether ops record a graph. Like torch.no_grad / enable_grad, scoped to a synchronous callback. */
let enabled = true;

export function is_grad_enabled(): boolean {
  return enabled;
}

export function set_grad_enabled(mode: boolean): void {
  enabled = mode;
}

function scoped<T>(mode: boolean, fn: () => T, name: string): T {
  const prev = enabled;
  enabled = mode;
  try {
    const r = fn();
    if (r instanceof Promise) {
      throw new Error(`torch.${name}(fn): fn returned a Promise. Grad mode cannot follow an await; run the synchronous part inside ${name}, or use torch.set_grad_enabled().`);
    }
    return r;
  } finally {
    enabled = prev;
  }
}

/** torch.no_grad(): run fn without recording operations for autograd. */
export function no_grad<T>(fn: () => T): T {
  return scoped(false, fn, 'no_grad');
}

/** torch.enable_grad(): run fn with grad mode on (inside a no_grad region). */
export function enable_grad<T>(fn: () => T): T {
  return scoped(true, fn, 'enable_grad');
}

/** torch.inference_mode(fn) behaves as no_grad here. */
export function inference_mode<T>(fn: () => T): T {
  return scoped(false, fn, 'inference_mode');
}
