//! taonet actors.
