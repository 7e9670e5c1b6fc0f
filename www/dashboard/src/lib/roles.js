// What each role may do, mirrored from the server's table (core/src/account/role.rs) only to hide
// what a member cannot use. The server checks every call; this never grants anything.

const TABLE = {
  owner: ['read', 'integration', 'money', 'disputes', 'invoices', 'members', 'business'],
  admin: ['read', 'integration', 'money', 'disputes', 'invoices', 'members', 'business'],
  developer: ['read', 'integration'],
  analyst: ['read'],
};

/** Whether `role` may do `action` (`money`, `disputes`, `invoices`, `integration`, `members`, `business`). */
export function can(role, action) {
  return (TABLE[role] || []).includes(action);
}

/** Whether a member of `role` may change or remove a member of `other` (nobody touches the owner). */
export function mayManage(role, other) {
  return (role === 'owner' || role === 'admin') && other !== 'owner';
}
