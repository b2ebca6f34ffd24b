//! cartograph's AWS provider: typed API [`records`], pure [`transform`]s from records to
//! rows, Cartography-compatible [`schemas`], the per-account [`load`] sequence, and the
//! recorded [`demo`] estate.

pub mod demo;
#[cfg(feature = "fetch")]
pub mod fetch;
pub mod load;
pub mod records;
pub mod schemas;
pub mod services;
pub mod transform;
