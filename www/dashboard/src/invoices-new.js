// A new invoice: the customer, lines (added and removed freely), live totals reckoned as the
// backend does, then "Save draft" or "Save and send" (create, then finalize).
import { api, newIdempotencyKey } from './lib/api.js';
import { h, replace } from './lib/dom.js';
import { errorText, t } from './lib/i18n.js';
import { can } from './lib/roles.js';
import { money } from './lib/format.js';
import { CURRENCIES, currencyOfCountry, exponent, parseMajor } from './lib/currency.js';
import { isDay } from './lib/dates.js';
import { emailProblem } from './lib/email-code.js';
import { invoiceTotals, lineTotals, taxBasisPoints, taxRateNumber } from './lib/invoice-math.js';
import { announce, button, field, liveRegion, onSubmit, validate } from './lib/form.js';
import { descriptionList } from './lib/table.js';
import { go } from './lib/session.js';
import { run, startPage } from './lib/page.js';

const MAX_LINES = 100;

/** A line's fields, read: `null` where a value is not valid. */
function readLine(line, currency) {
  const qtyText = line.quantity.control.value.trim();
  return {
    description: line.description.control.value.trim(),
    quantity: /^\d+$/.test(qtyText) ? Number(qtyText) : null,
    unit_amount: parseMajor(line.unit.control.value, currency),
    bp: taxBasisPoints(line.tax.control.value),
  };
}

run(async () => {
  const { main, role, account } = await startPage({ section: 'invoices', title: 'invoice_new.title', detail: true, needAccount: true });
  main.prepend(h('p', { class: 'breadcrumb' }, h('a', { href: '/dashboard/invoices/' }, t('invoice.back'))));
  if (!can(role, 'invoices')) {
    main.append(h('p', { class: 'notice' }, t('invoice_new.not_allowed')));
    return;
  }
  const f = {
    email: field({ label: t('invoice_new.customer_email'), name: 'customer_email', type: 'email', required: true, attrs: { autocomplete: 'off' } }),
    name: field({ label: t('invoice_new.customer_name'), name: 'customer_name', required: true, attrs: { autocomplete: 'off' } }),
    currency: field({
      label: t('invoice_new.currency'),
      name: 'currency',
      type: 'select',
      value: currencyOfCountry(account && account.business && account.business.country),
      options: CURRENCIES.map((c) => ({ value: c, label: c })),
      className: 'narrow',
    }),
    due: field({ label: t('invoice_new.due_date'), name: 'due_date', type: 'date', optional: true }),
    memo: field({ label: t('invoice_new.memo'), name: 'memo', type: 'textarea', optional: true, hint: t('invoice_new.memo_hint'), attrs: { maxlength: '1000' } }),
    footer: field({ label: t('invoice_new.footer'), name: 'footer', type: 'textarea', optional: true, hint: t('invoice_new.footer_hint'), attrs: { maxlength: '1000' } }),
  };
  const currency = () => f.currency.control.value;

  const lines = [];
  const lineList = h('ol', { class: 'lines' });
  const addButton = button(t('invoice_new.add_line'), { kind: 'secondary' });
  const totals = h('div', { class: 'totals' });

  function renumber() {
    lines.forEach((line, i) => {
      replace(line.legend, t('invoice_new.line_n', { n: i + 1 }));
      line.remove.hidden = lines.length === 1;
    });
    addButton.hidden = lines.length >= MAX_LINES;
  }

  function recompute() {
    const c = currency();
    const valid = [];
    for (const line of lines) {
      const v = readLine(line, c);
      const ok = v.quantity != null && v.unit_amount != null && v.bp != null;
      replace(line.total, ok ? money(lineTotals(v.quantity, v.unit_amount, v.bp).amount, c) : '—');
      if (ok) valid.push(v);
    }
    const x = invoiceTotals(valid);
    replace(totals, descriptionList([[t('invoice_new.subtotal'), money(x.subtotal, c)], [t('invoice_new.tax'), money(x.tax, c)], [t('invoice_new.total'), h('strong', null, money(x.total, c))]], 'facts totals-list'));
  }

  function addLine(focus) {
    const line = {
      description: field({ label: t('invoice_new.description'), name: 'description', required: true, attrs: { maxlength: '500', autocomplete: 'off' } }),
      quantity: field({ label: t('invoice_new.quantity'), name: 'quantity', value: '1', required: true, attrs: { inputmode: 'numeric', autocomplete: 'off' } }),
      unit: field({ label: t('invoice_new.unit_price'), name: 'unit_price', required: true, attrs: { inputmode: 'decimal', autocomplete: 'off' } }),
      tax: field({ label: t('invoice_new.tax_rate'), name: 'tax_rate', value: '0', attrs: { inputmode: 'decimal', autocomplete: 'off' } }),
      legend: h('legend'),
      total: h('span', { class: 'line-total-value' }),
    };
    line.remove = button(t('invoice_new.remove_line'), {
      kind: 'link',
      onclick: () => {
        const i = lines.indexOf(line);
        lines.splice(i, 1);
        line.el.remove();
        renumber();
        recompute();
        (lines[Math.max(0, i - 1)] || lines[0]).description.control.focus();
      },
    });
    line.el = h(
      'li',
      null,
      h(
        'fieldset',
        { class: 'line' },
        line.legend,
        h('div', { class: 'line-grid' }, line.description.wrap, line.quantity.wrap, line.unit.wrap, line.tax.wrap),
        h('p', { class: 'line-total' }, t('invoice_new.line_amount'), ' ', line.total, ' ', line.remove),
      ),
    );
    lines.push(line);
    lineList.append(line.el);
    renumber();
    recompute();
    if (focus) line.description.control.focus();
  }
  addButton.addEventListener('click', () => addLine(true));

  const alert = liveRegion('alert');
  const form = h(
    'form',
    { class: 'stack-lg invoice-form', novalidate: true },
    h('section', { class: 'card', 'aria-labelledby': 'customer-title' }, h('h2', { id: 'customer-title' }, t('invoice_new.customer')), h('div', { class: 'row' }, f.email.wrap, f.name.wrap)),
    h('section', { class: 'card', 'aria-labelledby': 'items-title' }, h('h2', { id: 'items-title' }, t('invoice_new.items')), f.currency.wrap, lineList, addButton, totals),
    h('section', { class: 'card', 'aria-labelledby': 'details-title' }, h('h2', { id: 'details-title' }, t('invoice_new.details')), f.due.wrap, f.memo.wrap, f.footer.wrap),
    alert,
    h('div', { class: 'actions' }, button(t('invoice_new.save_draft'), { kind: 'secondary', type: 'submit', attrs: { value: 'draft' } }), button(t('invoice_new.save_and_send'), { type: 'submit', attrs: { value: 'send' } })),
  );
  form.addEventListener('input', recompute);
  form.addEventListener('change', recompute);
  main.append(form);
  addLine(false);

  // The same body keeps its key: pressing Save again after a lost answer makes one invoice, not two.
  let sent = { body: null, key: null };
  onSubmit(form, alert, async (submitter) => {
    const c = currency();
    const checks = [
      [f.email, emailProblem(f.email.control.value.trim())],
      [f.name, f.name.control.value.trim() ? null : t('form.required')],
      [f.due, f.due.control.value && !isDay(f.due.control.value) ? t('invoice_new.due_invalid') : null],
    ];
    for (const line of lines) {
      const v = readLine(line, c);
      checks.push(
        [line.description, v.description ? null : t('form.required')],
        [line.quantity, v.quantity != null && v.quantity >= 1 && v.quantity <= 10000 ? null : t('invoice_new.quantity_invalid')],
        [line.unit, v.unit_amount != null && v.unit_amount > 0 ? null : t('invoice_new.unit_invalid', { decimals: exponent(c) })],
        [line.tax, v.bp != null ? null : t('invoice_new.tax_invalid')],
      );
    }
    validate(checks);
    const body = {
      customer: { email: f.email.control.value.trim(), name: f.name.control.value.trim() },
      currency: c,
      line_items: lines.map((line) => {
        const v = readLine(line, c);
        const item = { description: v.description, quantity: v.quantity, unit_amount: v.unit_amount };
        if (v.bp) item.tax_rate = taxRateNumber(v.bp);
        return item;
      }),
    };
    if (f.due.control.value) body.due_date = f.due.control.value;
    if (f.memo.control.value.trim()) body.memo = f.memo.control.value.trim();
    if (f.footer.control.value.trim()) body.footer = f.footer.control.value.trim();
    const json = JSON.stringify(body);
    if (json !== sent.body) sent = { body: json, key: newIdempotencyKey() };
    const invoice = await api.post('/v1/invoices', body, { idempotencyKey: sent.key });
    const page = `/dashboard/invoice/?id=${encodeURIComponent(invoice.id)}`;
    if (submitter && submitter.value === 'send') {
      try {
        await api.post(`/v1/invoices/${encodeURIComponent(invoice.id)}/finalize`);
      } catch (error) {
        // The draft exists; say so and take the person to it rather than risk a second one.
        announce(alert, `${errorText(error)} ${t('invoice_new.saved_not_sent')}`);
        setTimeout(() => go(`${page}&done=saved`), 2500);
        return;
      }
      go(`${page}&done=sent`);
      return;
    }
    go(`${page}&done=saved`);
  });
});
