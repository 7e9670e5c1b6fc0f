// Invoice totals exactly as the backend reckons them (core/src/invoice.rs): per line
// amount = quantity × unit price, tax = amount × rate rounded half up to the minor unit, then
// sums. Integers throughout (BigInt for the products), so the page never disagrees by a cent.

/** A tax rate typed as a percentage ("19", "8.25", "8,25") in basis points, or null when not valid (at most two decimals, 0–100). */
export function taxBasisPoints(text) {
  const s = String(text ?? '').trim().replace(',', '.');
  if (s === '') return 0;
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0'));
  return bp <= 10000 ? bp : null;
}

/** Basis points as the JSON number the API takes (1900 → 19, 825 → 8.25). */
export const taxRateNumber = (bp) => bp / 100;

/** One line's amount and tax. */
export function lineTotals(quantity, unitAmount, bp) {
  const amount = BigInt(quantity) * BigInt(unitAmount);
  const tax = (amount * BigInt(bp) + 5000n) / 10000n;
  return { amount: Number(amount), tax: Number(tax) };
}

/** Subtotal, tax and total of lines `[{quantity, unit_amount, bp}]`. */
export function invoiceTotals(lines) {
  let subtotal = 0;
  let tax = 0;
  for (const l of lines) {
    const x = lineTotals(l.quantity, l.unit_amount, l.bp);
    subtotal += x.amount;
    tax += x.tax;
  }
  return { subtotal, tax, total: subtotal + tax };
}
