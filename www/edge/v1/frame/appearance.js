// The Appearance API, applied inside the card frame: a theme (a class on the root), variables
// (CSS custom properties) and rules (declarations on the frame's own stylesheet, through the
// CSSOM). No inline style and no <style> element, so the frame's CSP stays `style-src 'self'`.
// Whatever the page sends is checked against the lists below first; anything else refuses the
// whole appearance, and the page hears why as an `error` event (`invalid_appearance`).

export const THEMES = ['stripe', 'night', 'flat'];

/** Variables and the custom properties they set. */
export const VARIABLES = {
  colorPrimary: '--tessera-primary',
  colorBackground: '--tessera-background',
  colorText: '--tessera-text',
  colorTextSecondary: '--tessera-muted',
  colorDanger: '--tessera-danger',
  colorBorder: '--tessera-border',
  borderRadius: '--tessera-radius',
  fontSizeBase: '--tessera-font-size',
};

/** Rule selectors, as Stripe names them, and what they select in the frame. */
export const SELECTORS = {
  '.Input': 'input',
  '.Input:focus': 'input:focus',
  '.Input--invalid': 'input[aria-invalid="true"]',
  '.Label': 'label',
  '.Error': '.error',
  '.Button': 'button:not(.secondary)',
  '.Button:hover': 'button:not(.secondary):hover',
  '.Button:disabled': 'button:not(.secondary):disabled',
};

/** Properties a rule may set (camelCase, as in the DOM). */
export const PROPERTIES = [
  'color', 'backgroundColor', 'borderColor', 'borderWidth', 'borderStyle', 'borderRadius', 'boxShadow',
  'fontSize', 'fontWeight', 'letterSpacing', 'lineHeight', 'padding', 'textTransform', 'outlineColor',
];

const FUNCTIONS = new Set(['rgb', 'rgba', 'hsl', 'hsla', 'calc']);

/** Whether `value` is a plain CSS value: no url(), no other function, nothing that ends a declaration. */
export function safeValue(value) {
  if (typeof value !== 'string' && typeof value !== 'number') return false;
  const text = String(value);
  if (text.length === 0 || text.length > 64 || !/^[#(),.%\w\s+*/-]+$/.test(text)) return false;
  return [...text.matchAll(/([a-z-]+)\s*\(/gi)].every((m) => FUNCTIONS.has(m[1].toLowerCase()));
}

class Refused extends Error {}
const refuse = (message) => { throw new Refused(message); };
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const kebab = (name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * The checked appearance as { theme, variables: [[property, value]], rules: [[selector, declarations]] },
 * or { error } saying what was refused.
 */
export function check(appearance) {
  try {
    if (appearance === null || appearance === undefined) return { theme: 'stripe', variables: [], rules: [] };
    if (!isObject(appearance)) refuse('appearance must be an object');
    for (const key of Object.keys(appearance)) if (!['theme', 'variables', 'rules'].includes(key)) refuse(`appearance.${key} is not an option (theme, variables, rules)`);
    const theme = appearance.theme ?? 'stripe';
    if (!THEMES.includes(theme)) refuse(`appearance.theme must be one of ${THEMES.join(', ')}`);
    if (appearance.variables !== undefined && !isObject(appearance.variables)) refuse('appearance.variables must be an object');
    if (appearance.rules !== undefined && !isObject(appearance.rules)) refuse('appearance.rules must be an object');
    const variables = Object.entries(appearance.variables ?? {}).map(([name, value]) => {
      if (!Object.hasOwn(VARIABLES, name)) refuse(`appearance.variables.${name} is not a variable`);
      if (!safeValue(value)) refuse(`appearance.variables.${name} is not a value the frame accepts`);
      return [VARIABLES[name], String(value)];
    });
    const rules = Object.entries(appearance.rules ?? {}).map(([selector, declarations]) => {
      if (!Object.hasOwn(SELECTORS, selector)) refuse(`appearance.rules["${selector}"] is not a selector the frame has`);
      if (!isObject(declarations)) refuse(`appearance.rules["${selector}"] must be an object`);
      const body = Object.entries(declarations).map(([property, value]) => {
        if (!PROPERTIES.includes(property)) refuse(`appearance.rules["${selector}"].${property} is not a property the frame allows`);
        if (!safeValue(value)) refuse(`appearance.rules["${selector}"].${property} is not a value the frame accepts`);
        return `${kebab(property)}: ${value}`;
      });
      return [`:root ${SELECTORS[selector]}`, body.join('; ')];
    });
    return { theme, variables, rules };
  } catch (e) {
    if (e instanceof Refused) return { error: e.message };
    throw e;
  }
}

/** Applies a checked appearance to the frame's document. */
export function apply(document, { theme, variables, rules }) {
  const root = document.documentElement;
  root.classList.add(`theme-${theme}`);
  for (const [property, value] of variables) root.style.setProperty(property, value);
  const sheet = [...document.styleSheets].find((s) => s.href && new URL(s.href).pathname.endsWith('/frame/frame.css'));
  for (const [selector, body] of rules) if (body) sheet?.insertRule(`${selector} { ${body} }`, sheet.cssRules.length);
}
