//! Roles and what each may do. The server checks every dashboard call against this table; the
//! dashboard only hides what a role cannot do, it never decides.

use serde::{Deserialize, Serialize};

/// A member's role in a business.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Made the business; everything, and the only one who can hand it on.
    Owner,
    /// Everything except changing or removing the owner.
    Admin,
    /// Integration work: keys, origins, webhooks, risk rules, checkout sessions. Moves no money.
    Developer,
    /// Reads everything, changes nothing.
    Analyst,
}

/// What a caller wants to do, as far as roles are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read payments, refunds, disputes, events, reports, invoices, settings.
    Read,
    /// Create, change and cancel checkout sessions.
    ManageSessions,
    /// API keys, allowed origins, webhook endpoints, risk rules, processors.
    ManageIntegration,
    /// Capture, cancel and refund payments.
    MoveMoney,
    /// Answer or accept disputes.
    ManageDisputes,
    /// Create, finalize and void invoices.
    ManageInvoices,
    /// Invite, change and remove members.
    ManageMembers,
    /// The business's details, branding and verification.
    ManageBusiness,
}

impl Role {
    /// Every role, in order of power.
    pub const ALL: [Role; 4] = [Role::Owner, Role::Admin, Role::Developer, Role::Analyst];

    /// The role's name in the API.
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Developer => "developer",
            Role::Analyst => "analyst",
        }
    }

    /// The role of a name; `owner` is not a role anyone can be given.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// A role an invitation or a change may give.
    pub fn assignable(name: &str) -> Option<Self> {
        Self::parse(name).filter(|r| *r != Role::Owner)
    }

    /// Whether this role may do `action`.
    pub const fn may(self, action: Action) -> bool {
        match self {
            Role::Owner | Role::Admin => true,
            Role::Developer => matches!(action, Action::Read | Action::ManageSessions | Action::ManageIntegration),
            Role::Analyst => matches!(action, Action::Read),
        }
    }

    /// Whether a member of this role may change or remove a member of role `other`.
    pub const fn may_manage(self, other: Role) -> bool {
        matches!((self, other), (Role::Owner, Role::Admin | Role::Developer | Role::Analyst) | (Role::Admin, Role::Admin | Role::Developer | Role::Analyst))
    }
}

/// Whether a merchant's secret key may do `action`: everything its server needs, nothing that
/// belongs to people (members, the business's own details).
pub const fn key_may(action: Action) -> bool {
    !matches!(action, Action::ManageMembers | Action::ManageBusiness)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTIONS: [Action; 8] = [
        Action::Read,
        Action::ManageSessions,
        Action::ManageIntegration,
        Action::MoveMoney,
        Action::ManageDisputes,
        Action::ManageInvoices,
        Action::ManageMembers,
        Action::ManageBusiness,
    ];

    #[test]
    fn the_table() {
        for a in ACTIONS {
            assert!(Role::Owner.may(a) && Role::Admin.may(a));
        }
        let developer: [bool; 8] = ACTIONS.map(|a| Role::Developer.may(a));
        assert_eq!(developer, [true, true, true, false, false, false, false, false], "a developer moves no money");
        let analyst: [bool; 8] = ACTIONS.map(|a| Role::Analyst.may(a));
        assert_eq!(analyst, [true, false, false, false, false, false, false, false], "an analyst only reads");
        assert!(!key_may(Action::ManageMembers) && key_may(Action::MoveMoney));
    }

    #[test]
    fn nobody_is_made_owner_and_the_owner_is_untouchable() {
        assert_eq!(Role::assignable("owner"), None);
        assert_eq!(Role::assignable("analyst"), Some(Role::Analyst));
        assert_eq!(Role::parse("root"), None);
        for r in Role::ALL {
            assert!(!r.may_manage(Role::Owner));
        }
        assert!(Role::Admin.may_manage(Role::Admin));
        assert!(!Role::Developer.may_manage(Role::Analyst));
    }
}
