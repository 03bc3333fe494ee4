//! Accounts and balances: free balance in u64 rao, nonces, the existential deposit, and minting and
//! burning that keep `Balances.TotalIssuance` equal to the sum of all balances.

use crate::error::{BalancesError, DispatchError};
use crate::items::{Account, TotalIssuance};
use crate::storage::Storage;
use crate::types::AccountId;

/// The existential deposit: accounts below it are reaped.
pub const EXISTENTIAL_DEPOSIT: u64 = 500;

/// Whether a transfer may take the sender below the existential deposit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Existence {
    /// The sender may be reaped.
    AllowDeath,
    /// The sender must stay alive.
    KeepAlive,
}

/// Free balance of `who` in rao.
pub fn free_balance(s: &Storage, who: &AccountId) -> u64 {
    Account::get(s, who).data.free
}

/// The next nonce of `who`.
pub fn nonce(s: &Storage, who: &AccountId) -> u32 {
    Account::get(s, who).nonce
}

/// Increments the nonce of `who`.
pub fn inc_nonce(s: &mut Storage, who: &AccountId) {
    Account::mutate(s, who, |a| {
        a.nonce = a.nonce.wrapping_add(1);
        if a.providers == 0 {
            a.providers = 1;
        }
    });
}

fn set_free(s: &mut Storage, who: &AccountId, free: u64) {
    let mut info = Account::get(s, who);
    info.data.free = free;
    if free == 0 && info.nonce == 0 && info.data.reserved == 0 {
        Account::remove(s, who);
    } else {
        info.providers = info.providers.max(1);
        Account::insert(s, who, info);
    }
}

/// Creates `amount` new rao in `who`'s account, growing total issuance.
pub fn mint(s: &mut Storage, who: &AccountId, amount: u64) {
    if amount == 0 {
        return;
    }
    let free = free_balance(s, who).saturating_add(amount);
    set_free(s, who, free);
    TotalIssuance::mutate(s, |t| *t = t.saturating_add(amount));
}

/// Destroys `amount` rao from `who`'s account, shrinking total issuance.
pub fn burn(s: &mut Storage, who: &AccountId, amount: u64) -> Result<(), DispatchError> {
    let free = free_balance(s, who);
    let left = free
        .checked_sub(amount)
        .ok_or(BalancesError::InsufficientBalance)?;
    set_free(s, who, left);
    TotalIssuance::mutate(s, |t| *t = t.saturating_sub(amount));
    Ok(())
}

/// Moves `amount` rao from `from` to `to`, honouring the existential deposit on both sides.
pub fn transfer(
    s: &mut Storage,
    from: &AccountId,
    to: &AccountId,
    amount: u64,
    existence: Existence,
) -> Result<(), DispatchError> {
    if amount == 0 || from == to {
        return Ok(());
    }
    let from_free = free_balance(s, from);
    let left = from_free
        .checked_sub(amount)
        .ok_or(BalancesError::InsufficientBalance)?;
    if left < EXISTENTIAL_DEPOSIT && existence == Existence::KeepAlive {
        return Err(BalancesError::Expendability.into());
    }
    let to_free = free_balance(s, to);
    let to_new = to_free.saturating_add(amount);
    if to_new < EXISTENTIAL_DEPOSIT {
        return Err(BalancesError::ExistentialDeposit.into());
    }
    if left < EXISTENTIAL_DEPOSIT {
        // Reap the sender: the dust leaves issuance.
        set_free(s, from, 0);
        TotalIssuance::mutate(s, |t| *t = t.saturating_sub(left));
    } else {
        set_free(s, from, left);
    }
    set_free(s, to, to_new);
    Ok(())
}

/// Moves up to `amount` from `from` to `to`, keeping `from` alive; returns what moved.
pub fn transfer_keeping_alive_up_to(
    s: &mut Storage,
    from: &AccountId,
    to: &AccountId,
    amount: u64,
) -> u64 {
    let free = free_balance(s, from);
    let movable = free.saturating_sub(EXISTENTIAL_DEPOSIT).min(amount);
    match transfer(s, from, to, movable, Existence::KeepAlive) {
        Ok(()) => movable,
        Err(_) => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acct(b: u8) -> AccountId {
        AccountId([b; 32])
    }

    #[test]
    fn transfer_moves_balance_and_keeps_issuance() {
        let mut s = Storage::new();
        mint(&mut s, &acct(1), 10_000);
        transfer(&mut s, &acct(1), &acct(2), 4_000, Existence::KeepAlive).unwrap();
        assert_eq!(free_balance(&s, &acct(1)), 6_000);
        assert_eq!(free_balance(&s, &acct(2)), 4_000);
        assert_eq!(TotalIssuance::get(&s), 10_000);
    }

    #[test]
    fn keep_alive_refuses_to_reap() {
        let mut s = Storage::new();
        mint(&mut s, &acct(1), 1_000);
        let e = transfer(&mut s, &acct(1), &acct(2), 800, Existence::KeepAlive).unwrap_err();
        assert_eq!(e, BalancesError::Expendability.into());
        // AllowDeath reaps the 200 rao of dust.
        transfer(&mut s, &acct(1), &acct(2), 800, Existence::AllowDeath).unwrap();
        assert_eq!(free_balance(&s, &acct(1)), 0);
        assert_eq!(TotalIssuance::get(&s), 800);
    }

    #[test]
    fn below_existential_deposit_cannot_create_an_account() {
        let mut s = Storage::new();
        mint(&mut s, &acct(1), 10_000);
        let e = transfer(&mut s, &acct(1), &acct(2), 499, Existence::KeepAlive).unwrap_err();
        assert_eq!(e, BalancesError::ExistentialDeposit.into());
    }
}
