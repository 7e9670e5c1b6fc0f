// Members: who works on this business and in which role. Owners and admins invite, change roles
// and remove; nobody changes or removes the owner.
import { api } from '../lib/api.js';
import { h, replace, srOnly } from '../lib/dom.js';
import { errorText, label, t } from '../lib/i18n.js';
import { can, mayManage } from '../lib/roles.js';
import { date, timeElement } from '../lib/format.js';
import { dataTable } from '../lib/table.js';
import { badge } from '../lib/badge.js';
import { confirmDialog } from '../lib/dialog.js';
import { emailProblem } from '../lib/email-code.js';
import { announce, button, field, liveRegion, onSubmit, validate } from '../lib/form.js';
import { sectionWith } from '../lib/section.js';

const ASSIGNABLE = ['admin', 'developer', 'analyst'];
const roleOptions = () => ASSIGNABLE.map((r) => ({ value: r, label: label('role', r) }));

export function membersSection({ role, session }) {
  const manage = can(role, 'members');
  const list = h('div', null, h('p', { class: 'loading' }, t('common.loading')));
  const status = liveRegion('status');
  const alert = liveRegion('alert');

  async function changeRole(m) {
    const pick = field({ label: t('members.new_role'), name: 'role', type: 'select', value: m.role, options: roleOptions() });
    const done = await confirmDialog({
      title: t('members.change_title', { email: m.email }),
      body: [h('p', null, t('members.change_body')), pick.wrap],
      onConfirm: () => api.post(`/v1/members/${encodeURIComponent(m.id)}`, { role: pick.control.value }),
    });
    if (done) {
      announce(status, t('members.changed', { email: m.email, role: label('role', done.role || pick.control.value) }));
      await load();
    }
  }

  async function remove(m) {
    const done = await confirmDialog({
      title: t('members.remove_title', { email: m.email }),
      body: h('p', null, t('members.remove_body')),
      danger: true,
      onConfirm: () => api.del(`/v1/members/${encodeURIComponent(m.id)}`),
    });
    if (done) {
      announce(status, t('members.removed', { email: m.email }));
      await load();
      list.closest('section')?.querySelector('h2')?.focus();
    }
  }

  async function load() {
    const members = (await api.get('/v1/members')).data || [];
    const columns = [
      { label: t('members.col_email'), cell: (m) => [m.email, m.email === session.user.email ? [' ', h('span', { class: 'muted' }, t('members.you'))] : null], rowHeader: true },
      { label: t('members.col_role'), cell: (m) => label('role', m.role) },
      { label: t('members.col_status'), cell: (m) => badge(m.status) },
      { label: t('members.col_since'), cell: (m) => timeElement(m.created_at, date) },
    ];
    if (manage) {
      columns.push({
        label: t('common.actions'),
        cell: (m) =>
          mayManage(role, m.role)
            ? h(
                'div',
                { class: 'row-actions' },
                button([t('members.change'), srOnly(` ${m.email}`)], { kind: 'secondary', onclick: () => changeRole(m) }),
                button([t('members.remove'), srOnly(` ${m.email}`)], { kind: 'danger-link', onclick: () => remove(m) }),
              )
            : '—',
      });
    }
    replace(list, dataTable({ caption: t('members.caption'), hideCaption: true, columns, rows: members }));
  }

  let invite = null;
  if (manage) {
    const email = field({ label: t('members.email'), name: 'email', type: 'email', required: true, attrs: { autocomplete: 'off' } });
    const pick = field({ label: t('members.role'), name: 'role', type: 'select', value: 'developer', options: roleOptions(), hint: t('members.role_hint') });
    const inviteAlert = liveRegion('alert');
    invite = h(
      'form',
      { class: 'stack invite', novalidate: true },
      h('h3', null, t('members.invite_title')),
      h('div', { class: 'row' }, email.wrap, pick.wrap),
      inviteAlert,
      h('div', { class: 'actions' }, button(t('members.invite'), { type: 'submit' })),
    );
    onSubmit(invite, inviteAlert, async () => {
      const value = email.control.value.trim();
      validate([[email, emailProblem(value)]]);
      await api.post('/v1/members', { email: value, role: pick.control.value });
      invite.reset();
      announce(status, t('members.invited', { email: value }));
      await load();
    });
  }
  load().catch((error) => announce(alert, errorText(error)));
  return sectionWith({ id: 'members' }, t('settings.members'), list, status, alert, invite);
}
