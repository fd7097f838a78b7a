/* `make bench-gzip`: which gzip decompressor docsgen should use for layer blobs, measured on real blobs.
 *
 * Usage: bench-gzip FILE.gz…
 *
 * Decompresses every file with each decompressor available as a Debian package and prints, per decompressor,
 * the median wall time of 5 rounds over all files and the output rate:
 *
 *   libarchive   raw format over the gzip filter (zlib inside), as docsgen read layers before
 *   zlib         inflate() directly, 1 MiB buffers (streaming)
 *   isa-l        isal_inflate() (Intel ISA-L igzip), 1 MiB buffers (streaming), every gzip member in turn
 *   libdeflate   libdeflate_gzip_decompress(): one call, the whole file in memory and an output buffer of the
 *                whole uncompressed size (not streaming: a 1 GB layer needs 1 GB of memory)
 *
 * Each decompressor's output is first checked against zlib's (length and CRC-32, in an untimed round), so a
 * faster wrong result cannot win. Exit 1 when outputs differ, 2 on bad usage or unreadable files.
 */
#include <archive.h>
#include <isa-l/igzip_lib.h>
#include <libdeflate.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

enum { chunk = 1 << 20, rounds = 5 };

struct blob {
    const char *path;
    unsigned char *data;
    size_t size;
};

struct result {
    unsigned long long bytes;
    unsigned long crc;
};

static unsigned char output[chunk];
/* The CRC-32 that checks outputs is computed in a first, untimed round only. */
static int checking;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void consume(struct result *result, const unsigned char *bytes, size_t count) {
    result->bytes += count;
    if (checking) result->crc = crc32(result->crc, bytes, (uInt)count);
}

static int with_libarchive(const struct blob *blob, struct result *result) {
    struct archive *archive = archive_read_new();
    archive_read_support_filter_gzip(archive);
    archive_read_support_format_raw(archive);
    struct archive_entry *entry;
    int ok = archive_read_open_memory(archive, blob->data, blob->size) == ARCHIVE_OK
        && archive_read_next_header(archive, &entry) == ARCHIVE_OK;
    la_ssize_t count;
    while (ok && (count = archive_read_data(archive, output, chunk)) > 0) consume(result, output, (size_t)count);
    archive_read_free(archive);
    return ok;
}

static int with_zlib(const struct blob *blob, struct result *result) {
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) return 0;
    stream.next_in = blob->data;
    stream.avail_in = (uInt)blob->size;
    int status = Z_OK;
    while (status != Z_STREAM_END || stream.avail_in > 0) {
        if (status == Z_STREAM_END) inflateReset(&stream); /* the next member of a multi-member file */
        stream.next_out = output;
        stream.avail_out = chunk;
        status = inflate(&stream, Z_NO_FLUSH);
        if (status != Z_OK && status != Z_STREAM_END) break;
        consume(result, output, chunk - stream.avail_out);
    }
    inflateEnd(&stream);
    return status == Z_STREAM_END;
}

static int with_isal(const struct blob *blob, struct result *result) {
    static struct inflate_state state;
    isal_inflate_init(&state);
    state.crc_flag = ISAL_GZIP;
    state.next_in = blob->data;
    state.avail_in = (uint32_t)blob->size;
    while (1) {
        state.next_out = output;
        state.avail_out = chunk;
        int status = isal_inflate(&state);
        if (status != ISAL_DECOMP_OK) return 0;
        consume(result, output, chunk - state.avail_out);
        if (state.block_state == ISAL_BLOCK_FINISH) {
            if (state.avail_in == 0) return 1;
            unsigned char *rest = state.next_in;
            uint32_t left = state.avail_in;
            isal_inflate_reset(&state);
            state.crc_flag = ISAL_GZIP;
            state.next_in = rest;
            state.avail_in = left;
        } else if (state.avail_in == 0 && state.avail_out > 0) {
            return 0; /* truncated */
        }
    }
}

static int with_libdeflate(const struct blob *blob, struct result *result) {
    /* The size a gzip member declares (ISIZE, modulo 4 GiB) sizes the output buffer: libdeflate needs it all. */
    size_t expected = blob->size >= 4 ? (size_t)blob->data[blob->size - 4] | (size_t)blob->data[blob->size - 3] << 8
        | (size_t)blob->data[blob->size - 2] << 16 | (size_t)blob->data[blob->size - 1] << 24 : 0;
    unsigned char *whole = malloc(expected + 1);
    struct libdeflate_decompressor *decompressor = libdeflate_alloc_decompressor();
    size_t written = 0;
    int ok = whole && decompressor
        && libdeflate_gzip_decompress(decompressor, blob->data, blob->size, whole, expected + 1, &written) == LIBDEFLATE_SUCCESS;
    if (ok) consume(result, whole, written);
    libdeflate_free_decompressor(decompressor);
    free(whole);
    return ok;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: bench-gzip FILE.gz…\n");
        return 2;
    }
    int count = argc - 1;
    struct blob *blobs = calloc((size_t)count, sizeof *blobs);
    size_t stored = 0;
    for (int index = 0; index < count; index++) {
        FILE *file = fopen(argv[index + 1], "rb");
        if (!file) {
            fprintf(stderr, "bench-gzip: cannot read %s\n", argv[index + 1]);
            return 2;
        }
        fseek(file, 0, SEEK_END);
        blobs[index].path = argv[index + 1];
        blobs[index].size = (size_t)ftell(file);
        blobs[index].data = malloc(blobs[index].size);
        rewind(file);
        if (fread(blobs[index].data, 1, blobs[index].size, file) != blobs[index].size) return 2;
        fclose(file);
        stored += blobs[index].size;
    }
    struct {
        const char *name;
        int (*run)(const struct blob *, struct result *);
        const char *kind;
    } decompressors[] = {
        {"zlib", with_zlib, "streaming, 1 MiB buffers"},
        {"libarchive", with_libarchive, "streaming (zlib inside), as docsgen read layers before"},
        {"isa-l", with_isal, "streaming, 1 MiB buffers"},
        {"libdeflate", with_libdeflate, "whole file and whole output in memory"},
    };
    int failed = 0;
    struct result reference[count];
    printf("%d files, %.1f MB stored\n", count, (double)stored / 1e6);
    printf("%-11s %10s %10s %9s  %s\n", "decompressor", "median s", "MB/s out", "vs zlib", "how");
    double zlib_median = 0;
    for (size_t which = 0; which < sizeof decompressors / sizeof *decompressors; which++) {
        double times[rounds];
        unsigned long long out = 0;
        for (int round = -1; round < rounds; round++) {
            checking = round < 0;
            double start = now();
            out = 0;
            for (int index = 0; index < count; index++) {
                struct result result = {0, crc32(0, NULL, 0)};
                if (!decompressors[which].run(&blobs[index], &result)) {
                    fprintf(stderr, "bench-gzip: %s failed on %s\n", decompressors[which].name, blobs[index].path);
                    failed = 1;
                }
                if (!checking) {
                } else if (which == 0) {
                    reference[index] = result;
                } else if (result.bytes != reference[index].bytes || result.crc != reference[index].crc) {
                    fprintf(stderr, "bench-gzip: %s differs from zlib on %s\n", decompressors[which].name, blobs[index].path);
                    failed = 1;
                }
                out += result.bytes;
            }
            if (round >= 0) times[round] = now() - start;
        }
        qsort(times, rounds, sizeof *times, compare);
        double median = times[rounds / 2];
        if (which == 0) zlib_median = median;
        printf("%-11s %10.3f %10.0f %8.2fx  %s\n", decompressors[which].name, median, (double)out / 1e6 / median,
               zlib_median / median, decompressors[which].kind);
    }
    return failed;
}
