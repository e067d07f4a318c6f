// Stand-in for libFuzzer's main() where it is unavailable (gcc): runs every corpus file,
// then a fixed number of deterministic mutations of them, so CTest exercises the same
// invariants on every build. Usage: <fuzzer> <corpus dir or file>... [-runs=N]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace {

using Bytes = std::vector<uint8_t>;

// xorshift64: fixed seed, so a failure reproduces on every machine.
struct Rng
{
    uint64_t state = 0x9e3779b97f4a7c15ull;
    uint64_t next()
    {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    }
    size_t below(size_t n) { return n == 0 ? 0 : size_t(next() % n); }
};

Bytes readFile(const std::filesystem::path &path)
{
    std::ifstream in(path, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Bytes the grammar cares about are favoured, so mutations reach quoting and ending paths.
Bytes mutate(Rng &rng, const std::vector<Bytes> &corpus, Bytes b)
{
    static const char interesting[] = "\"'\\ \t\r\n#x0Aa\v\f";
    const int steps = 1 + int(rng.below(4));
    for (int s = 0; s < steps; ++s) {
        switch (rng.below(6)) {
        case 0:
            if (!b.empty())
                b[rng.below(b.size())] ^= uint8_t(1u << rng.below(8));
            break;
        case 1:
            b.insert(b.begin() + long(rng.below(b.size() + 1)),
                     uint8_t(interesting[rng.below(sizeof(interesting))]));
            break;
        case 2:
            if (!b.empty())
                b.erase(b.begin() + long(rng.below(b.size())));
            break;
        case 3:
            b.insert(b.begin() + long(rng.below(b.size() + 1)), uint8_t(rng.below(256)));
            break;
        case 4: {  // splice a piece of another corpus entry
            const Bytes &o = corpus[rng.below(corpus.size())];
            if (!o.empty()) {
                const size_t from = rng.below(o.size());
                const size_t len = 1 + rng.below(o.size() - from);
                b.insert(b.begin() + long(rng.below(b.size() + 1)), o.begin() + long(from),
                         o.begin() + long(from + len));
            }
            break;
        }
        default:
            if (b.size() > 1)
                b.resize(rng.below(b.size()));
            break;
        }
    }
    if (b.size() > 4096)
        b.resize(4096);
    return b;
}

} // namespace

int main(int argc, char **argv)
{
    long runs = 20000;
    std::vector<Bytes> corpus;
    for (int i = 1; i < argc; ++i) {
        if (std::strncmp(argv[i], "-runs=", 6) == 0) {
            runs = std::strtol(argv[i] + 6, nullptr, 10);
            continue;
        }
        const std::filesystem::path p(argv[i]);
        if (std::filesystem::is_directory(p)) {
            for (const auto &e : std::filesystem::directory_iterator(p)) {
                if (e.is_regular_file())
                    corpus.push_back(readFile(e.path()));
            }
        } else {
            corpus.push_back(readFile(p));
        }
    }
    if (corpus.empty()) {
        std::fprintf(stderr, "no corpus given or corpus empty\n");
        return 2;
    }
    for (const Bytes &b : corpus)
        LLVMFuzzerTestOneInput(b.data(), b.size());
    Rng rng;
    for (long n = 0; n < runs; ++n) {
        const Bytes m = mutate(rng, corpus, corpus[rng.below(corpus.size())]);
        LLVMFuzzerTestOneInput(m.data(), m.size());
    }
    std::printf("ran %zu corpus inputs and %ld mutations\n", corpus.size(), runs);
    return 0;
}
