//! Business accounts: who may do what ([`role`]), what a business tells us about itself
//! ([`business`]), how it becomes verified before live mode ([`verification`]), and how long a
//! dashboard sign-in lasts ([`dashboard`]).
//! Personal accounts: the levels a shopper reaches and what they unlock ([`personal`]), and the
//! identity check ([`identity`]).

pub mod business;
pub mod dashboard;
pub mod identity;
pub mod personal;
pub mod role;
pub mod verification;
