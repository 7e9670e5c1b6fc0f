// Types for @tessera/js/react.
import type { ReactElement } from 'react';
import type { Appearance, ChangeEvent, CompleteEvent, ErrorEvent, Locale, ReadyEvent } from './index.js';

export interface CardElementProps {
  publishableKey: string;
  clientSecret: string;
  /** Your Tessera edge's origin. */
  edge: string;
  version?: string;
  integrity?: string;
  locale?: Locale;
  appearance?: Appearance;
  accounts?: boolean;
  title?: string;
  className?: string;
  onReady?: (event: ReadyEvent) => void;
  onChange?: (event: ChangeEvent) => void;
  onComplete?: (event: CompleteEvent) => void;
  /** Also called with `network_error` when the loader cannot be loaded or fails its integrity check. */
  onError?: (event: ErrorEvent) => void;
}

/** The card frame; it remounts when a prop it was mounted with changes (not when a handler does). */
export function CardElement(props: CardElementProps): ReactElement;
