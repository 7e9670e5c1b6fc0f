// The same checkout as a React component: <CardElement> loads the loader, mounts the frame, relays
// its events to props and unmounts the frame with the component.
import { useState } from 'react';
import type { CompleteEvent, ErrorEvent } from '@tessera/js';
import { CardElement, type CardElementProps } from '@tessera/js/react';

export function Checkout({ clientSecret }: { clientSecret: string }) {
  const [message, setMessage] = useState('');
  const [paid, setPaid] = useState<CompleteEvent | null>(null);
  if (paid) return <p role="status">Paid: {paid.paymentId}</p>;
  return (
    <form onSubmit={(event) => event.preventDefault()}>
      <CardElement
        publishableKey="pk_test_abcdefghijklmnopqrstuvwx"
        clientSecret={clientSecret}
        edge="https://pay.example.com"
        locale="ja"
        appearance={{ theme: 'flat', variables: { fontSizeBase: '16px' } }}
        className="card"
        onReady={({ amount }) => setMessage(`Total ${amount}`)}
        onChange={({ complete }) => setMessage(complete ? 'Ready' : '')}
        onComplete={setPaid}
        onError={(error: ErrorEvent) => setMessage(error.message)}
      />
      <p role="alert">{message}</p>
    </form>
  );
}

export const wrong: CardElementProps = {
  publishableKey: 'pk_test_abcdefghijklmnopqrstuvwx',
  clientSecret: 'cs_x',
  edge: 'https://pay.example.com',
  // @ts-expect-error: handlers take the frame's events, whose codes are a closed list
  onError: (error: { code: 'oops' }) => error,
};
