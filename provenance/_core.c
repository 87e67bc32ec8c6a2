/* The compiled text core: the per-word work of splitting, signing and the spelling census in one
 * pass of C a text, where Python's regex engine and one Python call a word spent most of a scan.
 *
 * Every function gives exactly what the plain Python it replaces gives (tests/test_fastpath.py holds
 * them equal on random and hostile text): the word patterns follow Python's `re` on `str` character
 * by character (\w is Py_UNICODE_ISALNUM or '_', \d Py_UNICODE_ISDECIMAL, \s Py_UNICODE_ISSPACE, as in
 * CPython's _sre), keys are lower-cased by `str.lower` (ASCII words by a table), CRC-32 is zlib's, and
 * the MinHash arithmetic is the uint32 arithmetic of provenance.detect.signatures.  Each loop reads its
 * input once: linear in the text.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* ---- character classes, as _sre reads them on str patterns ---------------------------------- */

static inline int
is_word(Py_UCS4 c)
{
    if (c < 128)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    return Py_UNICODE_ISALNUM(c);
}

static inline int
is_digit(Py_UCS4 c)
{
    if (c < 128)
        return c >= '0' && c <= '9';
    return Py_UNICODE_ISDECIMAL(c);
}

/* [^\W\d_]: a word character that is neither a digit nor the underscore. */
static inline int
is_letter(Py_UCS4 c)
{
    if (c < 128)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    return Py_UNICODE_ISALNUM(c) && !Py_UNICODE_ISDECIMAL(c);
}

static inline int
is_space(Py_UCS4 c)
{
    if (c < 128)
        return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
    return Py_UNICODE_ISSPACE(c);
}

#define READ(i) PyUnicode_READ(kind, data, (i))

/* ---- words: WORD_RE of provenance.text.sentences ------------------------------------------ */
/* (?:\d+(?:[.,:]\d+)*%?|\w+)(?:['\-]\w+)*  -- nothing follows the pattern, so every greedy part
 * takes all it can and the first path tried is the match. */

static Py_ssize_t
word_end(int kind, const void *data, Py_ssize_t p, Py_ssize_t stop)
{
    Py_ssize_t e = p + 1;
    if (is_digit(READ(p))) {
        while (e < stop && is_digit(READ(e)))
            e++;
        for (;;) {
            if (e + 1 < stop) {
                Py_UCS4 c = READ(e);
                if ((c == '.' || c == ',' || c == ':') && is_digit(READ(e + 1))) {
                    e += 2;
                    while (e < stop && is_digit(READ(e)))
                        e++;
                    continue;
                }
            }
            break;
        }
        if (e < stop && READ(e) == '%')
            e++;
    }
    else {
        while (e < stop && is_word(READ(e)))
            e++;
    }
    for (;;) {
        if (e + 1 < stop) {
            Py_UCS4 c = READ(e);
            if ((c == '\'' || c == '-') && is_word(READ(e + 1))) {
                e += 2;
                while (e < stop && is_word(READ(e)))
                    e++;
                continue;
            }
        }
        break;
    }
    return e;
}

/* ---- a cache of short ASCII strings ------------------------------------------------------------ */
/* Most words of a corpus are a few thousand ASCII strings met again and again: each is made once and
 * handed out again (a new reference), instead of a new str object and its hash a word.  A table of
 * CACHE_SIZE slots, probed linearly a few slots from the word's FNV-1a hash; when they are all taken
 * the word's home slot is replaced, so memory stays bounded whatever the text. */

#define CACHE_SIZE (1 << 16)
#define CACHE_PROBES 8
#define CACHE_MAX_LENGTH 64

typedef struct {
    uint64_t hash;
    PyObject *str;
} cache_slot;

static cache_slot key_cache[CACHE_SIZE];    /* lower-cased word keys, interned */
static cache_slot plain_cache[CACHE_SIZE];  /* census words and spaces, as written */

static PyObject *
ascii_string(cache_slot *cache, const char *s, Py_ssize_t n, int intern)
{
    uint64_t h = 1469598103934665603ULL;
    for (Py_ssize_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    size_t home = (size_t)(h & (CACHE_SIZE - 1)), i = home;
    for (int probe = 0; probe < CACHE_PROBES; probe++, i = (i + 1) & (CACHE_SIZE - 1)) {
        cache_slot *slot = &cache[i];
        if (slot->str == NULL) {
            home = i;
            break;
        }
        if (slot->hash == h && PyUnicode_GET_LENGTH(slot->str) == n && memcmp(PyUnicode_DATA(slot->str), s, n) == 0)
            return Py_NewRef(slot->str);
    }
    PyObject *str = PyUnicode_FromKindAndData(PyUnicode_1BYTE_KIND, s, n);
    if (str == NULL)
        return NULL;
    if (intern)
        PyUnicode_InternInPlace(&str);
    if (n <= CACHE_MAX_LENGTH) {
        Py_XSETREF(cache[home].str, Py_NewRef(str));
        cache[home].hash = h;
    }
    return str;
}

/* The matching key of text[p:e]: str.lower, interned. */
static PyObject *
word_key(PyObject *text, int kind, const void *data, Py_ssize_t p, Py_ssize_t e, char *buf)
{
    PyObject *key;
    Py_ssize_t i, n = e - p;
    int ascii = 1;
    for (i = 0; i < n; i++) {
        Py_UCS4 c = READ(p + i);
        if (c >= 128) {
            ascii = 0;
            break;
        }
        buf[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    if (ascii) {
        return ascii_string(key_cache, buf, n, 1);
    }
    else {
        PyObject *word = PyUnicode_Substring(text, p, e);
        if (word == NULL)
            return NULL;
        key = PyObject_CallMethod(word, "lower", NULL);
        Py_DECREF(word);
    }
    if (key == NULL)
        return NULL;
    PyUnicode_InternInPlace(&key);
    return key;
}

PyDoc_STRVAR(words_doc,
"words(text, start, stop) -> (keys, spans)\n\n"
"The words of text[start:stop] as WORD_RE finds them: their keys (lower case, interned) as a tuple,\n"
"and their [start, end) offsets in text as packed C ints (two a word).");

static PyObject *
core_words(PyObject *self, PyObject *args)
{
    PyObject *text, *keys = NULL, *spans = NULL, *result = NULL;
    Py_ssize_t start, stop, p, count = 0, cap = 64;
    int *offsets = NULL;
    char *buf = NULL;
    if (!PyArg_ParseTuple(args, "Unn", &text, &start, &stop))
        return NULL;
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    if (start < 0)
        start = 0;
    if (stop > length)
        stop = length;
    if (stop > INT_MAX) {
        PyErr_SetString(PyExc_OverflowError, "text too long for C int offsets");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    keys = PyList_New(0);
    offsets = PyMem_Malloc(2 * cap * sizeof(int));
    buf = PyMem_Malloc(stop > start ? (size_t)(stop - start) : 1);
    if (keys == NULL || offsets == NULL || buf == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    p = start;
    while (p < stop) {
        if (!is_word(READ(p))) {
            p++;
            continue;
        }
        Py_ssize_t e = word_end(kind, data, p, stop);
        PyObject *key = word_key(text, kind, data, p, e, buf);
        if (key == NULL)
            goto done;
        int failed = PyList_Append(keys, key);
        Py_DECREF(key);
        if (failed)
            goto done;
        if (count == cap) {
            cap *= 2;
            int *grown = PyMem_Realloc(offsets, 2 * cap * sizeof(int));
            if (grown == NULL) {
                PyErr_NoMemory();
                goto done;
            }
            offsets = grown;
        }
        offsets[2 * count] = (int)p;
        offsets[2 * count + 1] = (int)e;
        count++;
        p = e;
    }
    spans = PyBytes_FromStringAndSize((const char *)offsets, 2 * count * (Py_ssize_t)sizeof(int));
    if (spans == NULL)
        goto done;
    PyObject *tuple = PyList_AsTuple(keys);
    if (tuple == NULL)
        goto done;
    result = PyTuple_Pack(2, tuple, spans);
    Py_DECREF(tuple);
done:
    Py_XDECREF(keys);
    Py_XDECREF(spans);
    PyMem_Free(offsets);
    PyMem_Free(buf);
    return result;
}

/* ---- census: _WORD_RE of provenance.verdict.spellings -------------------------------------- */
/* (?:(?<=[\w,;%)])(\s+))?([^\W\d_]+(?:['’\-][^\W\d_]+)*), as findall gives it: (space, word). */

static Py_ssize_t
letters_end(int kind, const void *data, Py_ssize_t p, Py_ssize_t n)
{
    Py_ssize_t e = p + 1;
    while (e < n && is_letter(READ(e)))
        e++;
    for (;;) {
        if (e + 1 < n) {
            Py_UCS4 c = READ(e);
            if ((c == '\'' || c == 0x2019 || c == '-') && is_letter(READ(e + 1))) {
                e += 2;
                while (e < n && is_letter(READ(e)))
                    e++;
                continue;
            }
        }
        break;
    }
    return e;
}

static inline int
before_mid(Py_UCS4 c)
{
    return is_word(c) || c == ',' || c == ';' || c == '%' || c == ')';
}

/* text[p:e], from the cache when it is short and ASCII. */
static PyObject *
substring(PyObject *text, int kind, const void *data, Py_ssize_t p, Py_ssize_t e)
{
    char buf[CACHE_MAX_LENGTH];
    if (e - p > CACHE_MAX_LENGTH)
        return PyUnicode_Substring(text, p, e);
    for (Py_ssize_t i = p; i < e; i++) {
        Py_UCS4 c = READ(i);
        if (c >= 128)
            return PyUnicode_Substring(text, p, e);
        buf[i - p] = (char)c;
    }
    return ascii_string(plain_cache, buf, e - p, 0);
}

PyDoc_STRVAR(census_words_doc,
"census_words(text) -> (words, mid_sentence)\n\n"
"The words the spelling census's word pattern finds in text, in order: every word of letters (joined\n"
"by apostrophes or hyphens); and, in order, those of them in mid-sentence: after white space that\n"
"follows a word character, comma, semicolon, per cent sign or closing bracket.");

static PyObject *
core_census_words(PyObject *self, PyObject *args)
{
    PyObject *text, *words, *mids, *word;
    if (!PyArg_ParseTuple(args, "U", &text))
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), p = 0;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    words = PyList_New(0);
    mids = PyList_New(0);
    if (words == NULL || mids == NULL)
        goto fail;
    while (p < n) {
        Py_UCS4 c = READ(p);
        Py_ssize_t s = p;
        int mid = 0;
        if (p > 0 && is_space(c) && before_mid(READ(p - 1))) {
            while (s < n && is_space(READ(s)))
                s++;
            mid = s < n && is_letter(READ(s));
            if (!mid) {
                p++;
                continue;
            }
        }
        else if (!is_letter(c)) {
            p++;
            continue;
        }
        Py_ssize_t e = letters_end(kind, data, s, n);
        word = substring(text, kind, data, s, e);
        if (word == NULL || PyList_Append(words, word) || (mid && PyList_Append(mids, word))) {
            Py_XDECREF(word);
            goto fail;
        }
        Py_DECREF(word);
        p = e;
    }
    return Py_BuildValue("(NN)", words, mids);
fail:
    Py_XDECREF(words);
    Py_XDECREF(mids);
    return NULL;
}

/* ---- signing --------------------------------------------------------------------------------- */

static uint32_t crc_table[256];

static void
crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

static inline uint32_t
crc32_of(const unsigned char *s, Py_ssize_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (Py_ssize_t i = 0; i < n; i++)
        c = crc_table[(c ^ s[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

PyDoc_STRVAR(crc32_words_doc,
"crc32_words(words) -> bytes\n\n"
"zlib.crc32 of each word's UTF-8 bytes, as packed native uint32.");

static PyObject *
core_crc32_words(PyObject *self, PyObject *arg)
{
    PyObject *seq = PySequence_Fast(arg, "crc32_words takes a sequence of str");
    if (seq == NULL)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    PyObject *out = PyBytes_FromStringAndSize(NULL, n * (Py_ssize_t)sizeof(uint32_t));
    if (out == NULL) {
        Py_DECREF(seq);
        return NULL;
    }
    uint32_t *hashes = (uint32_t *)PyBytes_AS_STRING(out);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t size;
        if (!PyUnicode_Check(items[i])) {
            PyErr_SetString(PyExc_TypeError, "crc32_words takes a sequence of str");
            goto fail;
        }
        const char *utf8 = PyUnicode_AsUTF8AndSize(items[i], &size);
        if (utf8 == NULL)
            goto fail;
        hashes[i] = crc32_of((const unsigned char *)utf8, size);
    }
    Py_DECREF(seq);
    return out;
fail:
    Py_DECREF(seq);
    Py_DECREF(out);
    return NULL;
}

static inline uint32_t
fmix32(uint32_t h)
{
    h ^= h >> 16;
    h *= 0x85EBCA6Bu;
    h ^= h >> 13;
    h *= 0xC2B2AE35u;
    return h ^ (h >> 16);
}

PyDoc_STRVAR(block_minima_doc,
"block_minima(hashes, a, b, step) -> bytes\n\n"
"For each block of step consecutive uint32 shingle hashes, the minimum over the block of\n"
"(a[j] * fmix32(h) + b[j]) mod 2**32 for every permutation j: packed uint32, blocks x permutations.");

static PyObject *
core_block_minima(PyObject *self, PyObject *args)
{
    Py_buffer hb, ab, bb;
    Py_ssize_t step;
    PyObject *out = NULL;
    if (!PyArg_ParseTuple(args, "y*y*y*n", &hb, &ab, &bb, &step))
        return NULL;
    Py_ssize_t n = hb.len / 4, perms = ab.len / 4;
    if (step < 1 || bb.len != ab.len || hb.len % 4 || ab.len % 4) {
        PyErr_SetString(PyExc_ValueError, "block_minima: bad step or buffer sizes");
        goto done;
    }
    Py_ssize_t blocks = n ? (n - 1) / step + 1 : 0; /* n + step - 1 would overflow for a huge step */
    out = PyBytes_FromStringAndSize(NULL, blocks * perms * (Py_ssize_t)sizeof(uint32_t));
    if (out == NULL)
        goto done;
    const uint32_t *h = hb.buf, *a = ab.buf, *b = bb.buf;
    uint32_t *mins = (uint32_t *)PyBytes_AS_STRING(out);
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t k = 0; k < blocks; k++) {
        uint32_t *row = mins + k * perms;
        for (Py_ssize_t j = 0; j < perms; j++)
            row[j] = 0xFFFFFFFFu;
        Py_ssize_t last = (k + 1) * step < n ? (k + 1) * step : n;
        for (Py_ssize_t i = k * step; i < last; i++) {
            uint32_t m = fmix32(h[i]);
            for (Py_ssize_t j = 0; j < perms; j++) {
                uint32_t v = a[j] * m + b[j];
                row[j] = v < row[j] ? v : row[j];
            }
        }
    }
    Py_END_ALLOW_THREADS
done:
    PyBuffer_Release(&hb);
    PyBuffer_Release(&ab);
    PyBuffer_Release(&bb);
    return out;
}

static PyMethodDef core_methods[] = {
    {"words", core_words, METH_VARARGS, words_doc},
    {"census_words", core_census_words, METH_VARARGS, census_words_doc},
    {"crc32_words", core_crc32_words, METH_O, crc32_words_doc},
    {"block_minima", core_block_minima, METH_VARARGS, block_minima_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef core_module = {
    PyModuleDef_HEAD_INIT, "provenance._core",
    "The compiled text core: words, census words, CRC-32 of words, MinHash block minima.", -1, core_methods,
};

PyMODINIT_FUNC
PyInit__core(void)
{
    crc_init();
    return PyModule_Create(&core_module);
}
