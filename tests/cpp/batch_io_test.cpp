// What batch jobs read and write with: the chunked CSV reader against the whole-file one, its
// errors after good rows, resumable outputs, shards and parallel rows.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "native/csv_row_stream.h"
#include "native/job_output.h"
#include "native/parallel_rows.h"
#include "native/shard.h"

namespace whyrec {
namespace {

// A file in a fresh temporary folder, removed with it.
class TempDir {
 public:
  TempDir() {
    char name[] = "/tmp/whyrec-batch-XXXXXX";
    path_ = mkdtemp(name);
  }
  ~TempDir() { std::system(("rm -rf '" + path_ + "'").c_str()); }
  std::string Write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ + "/" + name, std::ios::binary) << text;
    return path_ + "/" + name;
  }
  std::string Read(const std::string& name) const {
    std::ifstream in(path_ + "/" + name, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }
  bool Exists(const std::string& name) const {
    return access((path_ + "/" + name).c_str(), F_OK) == 0;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Rows that span several of the reader's 1 MiB chunks, with quoted cells and CRLF.
std::string LargeCsv(int rows) {
  std::string text = "id,\"x\",y\r\n";
  for (int r = 0; r < rows; ++r) {
    text +=
        std::to_string(r) + ",\"" + std::to_string(r * 0.5) + "\"," + std::to_string(-r) + "\r\n";
  }
  return text;
}

TEST(CsvRowStream, BlocksAreTheWholeFilesRows) {
  TempDir dir;
  const std::string path = dir.Write("data.csv", LargeCsv(120000));
  const CsvTable whole = ReadNumericCsv(path, {"id"});
  ASSERT_EQ(whole.values.rows(), 120000);
  CsvRowStream stream(path, {"id"}, DropPolicy::kRequired, MissingCells());
  EXPECT_EQ(stream.header(), (std::vector<std::string>{"x", "y"}));
  Eigen::Index at = 0;
  for (RowMatrixF block = stream.Next(7777); block.rows() > 0; block = stream.Next(7777)) {
    EXPECT_LE(block.rows(), 7777);
    EXPECT_EQ(block, whole.values.middleRows(at, block.rows()));
    at += block.rows();
    EXPECT_EQ(stream.rows_read(), at);
  }
  EXPECT_EQ(at, 120000);
  EXPECT_EQ(stream.fraction_read(), 1.0);
  EXPECT_EQ(CountCsvRows(path, {}, DropPolicy::kRequired, MissingCells()), 120000);
}

TEST(CsvRowStream, RowsBeforeAMalformedLineComeFirst) {
  TempDir dir;
  const std::string path = dir.Write("data.csv", "a,b\n1,2\n3,4\n5,oops\n7,8\n");
  CsvRowStream stream(path, {}, DropPolicy::kRequired, MissingCells());
  const RowMatrixF first = stream.Next(100);
  ASSERT_EQ(first.rows(), 2);
  EXPECT_EQ(first(1, 1), 4.0f);
  try {
    stream.Next(100);
    FAIL() << "the malformed line";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              path +
                  ": row 2 (from 0 after the header, as --rows counts), column 'b': 'oops' is not "
                  "a number (nor a missing-value marker) (line 4)");
  }
}

TEST(CsvRowStream, ABadHeaderOrMissingFileFailsAtOnce) {
  TempDir dir;
  EXPECT_THROW(CsvRowStream(dir.Write("a.csv", "a,a\n1,2\n"), {}, DropPolicy::kRequired, {}),
               std::invalid_argument);
  EXPECT_THROW(CsvRowStream(dir.Write("b.csv", ""), {}, DropPolicy::kRequired, {}),
               std::invalid_argument);
  EXPECT_THROW(CsvRowStream(dir.path() + "/none.csv", {}, DropPolicy::kRequired, {}),
               std::invalid_argument);
}

TEST(JobOutput, CommitRenamesAndAnErrorLeavesNothing) {
  TempDir dir;
  const std::string out = dir.path() + "/out.jsonl";
  {
    JobOutput output(out, false);
    output.Append("a\n");
    EXPECT_TRUE(dir.Exists("out.jsonl.partial"));
    EXPECT_FALSE(dir.Exists("out.jsonl"));
    output.Commit();
  }
  EXPECT_EQ(dir.Read("out.jsonl"), "a\n");
  EXPECT_FALSE(dir.Exists("out.jsonl.partial"));
  { JobOutput failed(dir.path() + "/failed.json", false); }
  EXPECT_FALSE(dir.Exists("failed.json.partial"));
  EXPECT_FALSE(dir.Exists("failed.json"));
}

TEST(JobOutput, ResumeKeepsCompleteLinesOnly) {
  TempDir dir;
  dir.Write("out.csv.partial", "header\n0,1\n1,2\n2,3");
  {
    JobOutput output(dir.path() + "/out.csv", true);
    EXPECT_EQ(output.kept_lines(), 3);
    EXPECT_EQ(output.first_kept_line(), "header");
    EXPECT_EQ(output.last_kept_line(), "1,2");
    output.Append("2,3\n");
    output.Commit();
  }
  EXPECT_EQ(dir.Read("out.csv"), "header\n0,1\n1,2\n2,3\n");
  JobOutput again(dir.path() + "/out.csv", true);
  EXPECT_TRUE(again.already_complete());
}

TEST(Shard, PartsInOrderAreTheRows) {
  for (const int64_t rows : {0, 1, 7, 100, 101}) {
    for (const int64_t count : {1, 2, 3, 8}) {
      Eigen::Index at = 5;
      for (int64_t i = 0; i < count; ++i) {
        const RowRange part =
            ShardRows({5, 5 + rows}, ParseShard(std::to_string(i) + "/" + std::to_string(count)));
        EXPECT_EQ(part.begin, at);
        EXPECT_LE(part.size(), rows / count + 1);
        EXPECT_GE(part.size(), rows / count);
        at = part.end;
      }
      EXPECT_EQ(at, 5 + rows);
    }
  }
  for (const char* bad : {"2/2", "1", "a/2", "-1/2", "0/0", "1/2/3", ""}) {
    EXPECT_THROW(ParseShard(bad), std::invalid_argument) << bad;
  }
}

TEST(ParallelRows, RethrowsTheLowestFailingRowWhateverTheThreads) {
  for (const int threads : {1, 2, 4}) {
    std::atomic<int64_t> done{0};
    try {
      ParallelRows(
          0, 1000, threads,
          [](int64_t r) {
            if (r == 900 || r == 333 || r == 334) throw std::runtime_error(std::to_string(r));
          },
          [&] { ++done; }, 1);
      FAIL();
    } catch (const std::runtime_error& e) {
      EXPECT_EQ(std::string(e.what()), "333");
    }
    EXPECT_GE(done, 333) << "every row before the failing one ran";
  }
}

}  // namespace
}  // namespace whyrec
