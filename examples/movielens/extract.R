#!/usr/bin/env Rscript
# Export the MovieLens ratings bundled in Debian's r-cran-dslabs package to CSV.
#
# dslabs::movielens is MovieLens "latest-small" as GroupLens published it
# (100,004 ratings by 671 users of 9,066 movies). Columns written, in order:
# movieId,title,year,genres,userId,rating,timestamp (UTF-8, RFC 4180 quoting,
# NA as empty field). prepare_data.py runs this script itself; standalone:
#
#   apt-get install -y --no-install-recommends r-cran-dslabs
#   Rscript examples/movielens/extract.R /tmp/ratings.csv
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) stop("usage: Rscript extract.R OUTPUT.csv")
m <- dslabs::movielens
m$genres <- as.character(m$genres)
write.csv(m[, c("movieId", "title", "year", "genres", "userId", "rating", "timestamp")],
          args[1], row.names = FALSE, na = "", fileEncoding = "UTF-8")
cat(sprintf("extract.R: wrote %d ratings by %d users of %d movies to %s\n",
            nrow(m), length(unique(m$userId)), length(unique(m$movieId)), args[1]))
