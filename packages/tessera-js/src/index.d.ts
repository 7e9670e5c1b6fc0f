// Types for @tessera/js: the loader, the frame's mount options, its events and its errors.
import type { ErrorCode } from './errors.js';
export type { ErrorCode } from './errors.js';

/** Tessera's languages; any other BCP 47 tag falls back to the nearest one, else English. */
export type Locale = 'en' | 'de' | 'fr' | 'es' | 'it' | 'nl' | 'pl' | 'sv' | 'ja' | 'zh-Hans' | 'ar' | (string & {});

/** A plain CSS value: a colour, a length, a number; no url() and no function but rgb/hsl/calc. */
export type CssValue = string | number;

/** The variables a theme is built from, set as CSS custom properties inside the frame. */
export interface AppearanceVariables {
  colorPrimary?: CssValue;
  colorBackground?: CssValue;
  colorText?: CssValue;
  colorTextSecondary?: CssValue;
  colorDanger?: CssValue;
  colorBorder?: CssValue;
  borderRadius?: CssValue;
  fontSizeBase?: CssValue;
}

/** The properties a rule may set. */
export interface AppearanceDeclarations {
  color?: CssValue;
  backgroundColor?: CssValue;
  borderColor?: CssValue;
  borderWidth?: CssValue;
  borderStyle?: CssValue;
  borderRadius?: CssValue;
  boxShadow?: CssValue;
  fontSize?: CssValue;
  fontWeight?: CssValue;
  letterSpacing?: CssValue;
  lineHeight?: CssValue;
  padding?: CssValue;
  textTransform?: CssValue;
  outlineColor?: CssValue;
}

export type AppearanceSelector =
  | '.Input'
  | '.Input:focus'
  | '.Input--invalid'
  | '.Label'
  | '.Error'
  | '.Button'
  | '.Button:hover'
  | '.Button:disabled';

/**
 * How the frame looks. Anything outside these lists is refused whole: the frame keeps its default
 * look and sends an `error` event with code `invalid_appearance`.
 */
export interface Appearance {
  theme?: 'stripe' | 'night' | 'flat';
  variables?: AppearanceVariables;
  rules?: Partial<Record<AppearanceSelector, AppearanceDeclarations>>;
}

export interface MountOptions {
  /** The checkout session's client secret (`cs_…_secret_…`), from your server. Never put it in a URL. */
  clientSecret: string;
  /** The frame's language; default the shopper's browser language. */
  locale?: Locale;
  appearance?: Appearance;
  /** Offer "Pay with your Tessera account" (saved cards) in the frame. */
  accounts?: boolean;
  /** The iframe's accessible name; default "Secure card payment". */
  title?: string;
  /** The height reserved before the frame reports its own, in CSS pixels. */
  initialHeight?: number;
}

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'jcb' | 'diners' | 'unionpay' | 'maestro';
export type CardField = 'number' | 'expiry' | 'cvc' | 'name';

/** The frame has the session and shows the amount. */
export interface ReadyEvent {
  amount: number;
  currency: string;
}

/** The shopper typed: the brand so far, whether the form is complete, each field's shown error. */
export interface ChangeEvent {
  brand: CardBrand | null;
  complete: boolean;
  errors: Record<CardField, ErrorCode | null>;
}

/** The payment succeeded. Confirm it on your server (webhook or GET /v1/payments/{id}) before shipping. */
export interface CompleteEvent {
  status: 'succeeded';
  paymentId: string;
}

/** Something the shopper or the page should know: `message` is already in the frame's language. */
export interface ErrorEvent {
  code: ErrorCode;
  message: string;
  /** With `card_declined`: the processor's reason. */
  declineCode?: string;
  /** With `card_declined`: the declined payment. */
  paymentId?: string;
}

export interface TesseraEvents {
  ready: ReadyEvent;
  change: ChangeEvent;
  complete: CompleteEvent;
  error: ErrorEvent;
}

export interface TesseraFrame {
  on<K extends keyof TesseraEvents>(type: K, handler: (event: TesseraEvents[K]) => void): TesseraFrame;
  /** Removes the frame and every handler. */
  unmount(): void;
}

export interface Tessera {
  /** Mounts the card frame into `target` (an element or a selector). */
  mount(target: HTMLElement | string, options: MountOptions): TesseraFrame;
}

export interface LoadOptions {
  /** Your Tessera edge's origin, e.g. `https://pay.example.com`. */
  edge: string;
  /** A loader version this package lists (default the newest). */
  version?: string;
  /** The SRI hash for a version this package does not list yet, from the edge's signed manifest. */
  integrity?: string;
}

/**
 * Puts the versioned loader on the page with its SRI hash (once per URL) and resolves to
 * `Tessera(publishableKey)`; resolves to null during server-side rendering.
 */
export function loadTessera(publishableKey: string, options: LoadOptions): Promise<Tessera | null>;

/** The loader versions this package knows an integrity hash for, newest first. */
export const versions: readonly string[];
