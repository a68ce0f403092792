// SPDX-License-Identifier: Apache-2.0
// weightinit/weightinit.hpp: everything. Neural-network weight initializers on Eigen, with
// Keras's names, parameters and conventions, and values fixed by (seed, index).
//
//   #include <weightinit/weightinit.hpp>
//   weightinit::GlorotUniform init(42);
//   Eigen::Tensor<float, 2> kernel = init({784, 256});   // like Keras's init(shape=(784, 256))
//   Eigen::MatrixXd w(64, 32);
//   weightinit::HeNormal(7)(w);                           // fills in place
#ifndef WEIGHTINIT_WEIGHTINIT_HPP_
#define WEIGHTINIT_WEIGHTINIT_HPP_

#include "weightinit/any_initializer.hpp"   // IWYU pragma: export
#include "weightinit/config.hpp"            // IWYU pragma: export
#include "weightinit/constant.hpp"          // IWYU pragma: export
#include "weightinit/errors.hpp"            // IWYU pragma: export
#include "weightinit/fans.hpp"              // IWYU pragma: export
#include "weightinit/identity.hpp"          // IWYU pragma: export
#include "weightinit/initializer.hpp"       // IWYU pragma: export
#include "weightinit/jax.hpp"               // IWYU pragma: export
#include "weightinit/orthogonal.hpp"        // IWYU pragma: export
#include "weightinit/parallel.hpp"          // IWYU pragma: export
#include "weightinit/philox.hpp"            // IWYU pragma: export
#include "weightinit/random.hpp"            // IWYU pragma: export
#include "weightinit/seed.hpp"              // IWYU pragma: export
#include "weightinit/streams.hpp"           // IWYU pragma: export
#include "weightinit/torch.hpp"             // IWYU pragma: export
#include "weightinit/variance_scaling.hpp"  // IWYU pragma: export
#include "weightinit/version.hpp"           // IWYU pragma: export

#endif  // WEIGHTINIT_WEIGHTINIT_HPP_
