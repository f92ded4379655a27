#pragma once

#include <vector>

namespace whyrec {

// weight[s] = s! (G - s - 1)! / G!: the Shapley weight of a coalition of size s that a player
// joins, for s = 0 .. G - 1.
std::vector<double> ShapleyWeightsBySize(int players);

}  // namespace whyrec
