//! Golden and property tests of the Yuma epoch.
