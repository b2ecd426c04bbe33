//! A local SaaSus emulator (work in progress).
