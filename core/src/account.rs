//! Business accounts: who may do what ([`role`]), what a business tells us about itself
//! ([`business`]), how it becomes verified before live mode ([`verification`]), and how long a
//! dashboard sign-in lasts ([`dashboard`]).

pub mod business;
pub mod dashboard;
pub mod role;
pub mod verification;
