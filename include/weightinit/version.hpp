// SPDX-License-Identifier: Apache-2.0
// weightinit/version.hpp: the library's version.
#ifndef WEIGHTINIT_VERSION_HPP_
#define WEIGHTINIT_VERSION_HPP_

#define WEIGHTINIT_VERSION_MAJOR 0
#define WEIGHTINIT_VERSION_MINOR 2
#define WEIGHTINIT_VERSION_PATCH 2

#endif  // WEIGHTINIT_VERSION_HPP_
