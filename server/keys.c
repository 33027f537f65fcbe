/*
 * keys.c
 *	  Generating and reading the CurveZMQ key files of the cluster port.
 *	  See keys.h for the files.
 *
 *	  keys_dir				where the keys of a configuration live
 *	  keys_generate			write a fresh set; never overwrites a file
 *	  keys_ensure			create whichever key pairs are missing
 *	  keys_read				read one key file
 *	  keys_read_authorized	read the admitted worker keys
 *	  keys_main				`quarry keygen`
 */
#include "keys.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zmq.h>

#define AUTHORIZED_FILE "authorized_workers"

/* One key pair: its base name ("server" or "worker"). */
static const char *const pair_names[] = {"server", "worker"};

/* keys_dir stores the key directory of cfg: cluster_key_dir or DATA_DIR/keys. */
void
keys_dir(const Config *cfg, char *out, size_t size)
{
	if (cfg->cluster_key_dir[0] != '\0')
		snprintf(out, size, "%s", cfg->cluster_key_dir);
	else
		snprintf(out, size, "%s/keys", cfg->data_dir);
}

static bool
path_join(char *out, size_t size, const char *dir, const char *name,
		  const char *suffix, Err *err)
{
	if ((size_t) snprintf(out, size, "%s/%s%s", dir, name, suffix) >= size)
		return err_set(err, ERRCODE_CONFIG_FILE_ERROR,
					   "key directory path \"%s\" is too long", dir);
	return true;
}

/* make_dirs creates dir and its missing parents, the last with mode 0700. */
static bool
make_dirs(const char *dir, Err *err)
{
	char		path[1024];

	if ((size_t) snprintf(path, sizeof(path), "%s", dir) >= sizeof(path))
		return err_set(err, ERRCODE_CONFIG_FILE_ERROR,
					   "key directory path \"%s\" is too long", dir);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			return err_set(err, ERRCODE_IO_ERROR,
						   "could not create directory \"%s\": %s",
						   path, strerror(errno));
		*p = '/';
	}
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return err_set(err, ERRCODE_IO_ERROR,
					   "could not create directory \"%s\": %s", path, strerror(errno));
	return true;
}

/* write_new creates path (failing if it exists) holding text. */
static bool
write_new(const char *path, const char *text, mode_t mode, Err *err)
{
	size_t		len = strlen(text);
	int			fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);

	if (fd < 0)
		return err_set(err, ERRCODE_IO_ERROR, "could not create key file \"%s\": %s",
					   path, strerror(errno));
	if (write(fd, text, len) != (ssize_t) len || fsync(fd) != 0) {
		err_set(err, ERRCODE_IO_ERROR, "could not write key file \"%s\": %s",
				path, strerror(errno));
		close(fd);
		unlink(path);
		return false;
	}
	close(fd);
	return true;
}

/* write_pair generates a key pair and writes NAME.key and NAME.pub. */
static bool
write_pair(const char *dir, const char *name, Err *err)
{
	char		pub[KEYS_Z85_LEN + 1];
	char		sec[KEYS_Z85_LEN + 1];
	char		path[1100];
	char		line[KEYS_Z85_LEN + 2];

	if (zmq_curve_keypair(pub, sec) != 0)
		return err_set(err, ERRCODE_SYSTEM_ERROR,
					   "could not generate a CurveZMQ key pair: %s",
					   zmq_strerror(errno));
	snprintf(line, sizeof(line), "%s\n", sec);
	if (!path_join(path, sizeof(path), dir, name, ".key", err) ||
		!write_new(path, line, 0600, err))
		return false;
	snprintf(line, sizeof(line), "%s\n", pub);
	if (!path_join(path, sizeof(path), dir, name, ".pub", err) ||
		!write_new(path, line, 0644, err))
		return false;
	return true;
}

static bool
file_exists(const char *dir, const char *name, const char *suffix)
{
	char		path[1100];

	if ((size_t) snprintf(path, sizeof(path), "%s/%s%s", dir, name, suffix) >=
		sizeof(path))
		return false;
	return access(path, F_OK) == 0;
}

/* write_authorized creates authorized_workers listing worker.pub. */
static bool
write_authorized(const char *dir, Err *err)
{
	KeyZ85		pub;
	char		path[1100];
	char		text[256];

	if (!keys_read(dir, "worker.pub", pub, err) ||
		!path_join(path, sizeof(path), dir, AUTHORIZED_FILE, "", err))
		return false;
	snprintf(text, sizeof(text),
			 "# Worker CurveZMQ public keys the coordinator admits, one a line.\n"
			 "%s\n", pub);
	return write_new(path, text, 0644, err);
}

/*
 * keys_generate writes a fresh key set into dir, creating it; it fails
 * rather than overwrite any existing key file.
 */
bool
keys_generate(const char *dir, Err *err)
{
	if (!make_dirs(dir, err))
		return false;
	for (size_t i = 0; i < sizeof(pair_names) / sizeof(pair_names[0]); i++)
		if (!write_pair(dir, pair_names[i], err))
			return false;
	return write_authorized(dir, err);
}

/*
 * keys_ensure creates the key pairs and the authorized_workers file missing
 * from dir, and sets *created (if not NULL) when it wrote anything.  Half a
 * pair (a .pub without its .key or the reverse) is an error: a new key
 * would not match what other machines hold.
 */
bool
keys_ensure(const char *dir, bool *created, Err *err)
{
	bool		wrote = false;

	if (!make_dirs(dir, err))
		return false;
	for (size_t i = 0; i < sizeof(pair_names) / sizeof(pair_names[0]); i++) {
		const char *name = pair_names[i];
		bool		has_key = file_exists(dir, name, ".key");
		bool		has_pub = file_exists(dir, name, ".pub");

		if (has_key && has_pub)
			continue;
		if (has_key || has_pub) {
			err_set(err, ERRCODE_CONFIG_FILE_ERROR,
					"CurveZMQ key pair \"%s\" in \"%s\" is incomplete: %s.%s is missing",
					name, dir, name, has_key ? "pub" : "key");
			err_hint(err, "Restore the missing file, or remove %s.key and %s.pub "
					 "to generate a new pair.", name, name);
			return false;
		}
		if (!write_pair(dir, name, err))
			return false;
		wrote = true;
	}
	if (!file_exists(dir, AUTHORIZED_FILE, "")) {
		if (!write_authorized(dir, err))
			return false;
		wrote = true;
	}
	if (created != NULL)
		*created = wrote;
	return true;
}

/* check_secret_mode refuses a secret key file that others may read. */
static bool
check_secret_mode(const char *path, int fd, Err *err)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return err_set(err, ERRCODE_IO_ERROR, "could not stat key file \"%s\": %s",
					   path, strerror(errno));
	if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		err_set(err, ERRCODE_CONFIG_FILE_ERROR,
				"CurveZMQ secret key file \"%s\" has group or world access", path);
		err_hint(err, "Run chmod 0600 \"%s\".", path);
		return false;
	}
	return true;
}

/* parse_key checks that text (trimmed) is one Z85 key and copies it to out. */
static bool
parse_key(const char *text, KeyZ85 out)
{
	uint8_t		bin[32];
	size_t		len;

	while (isspace((unsigned char) *text))
		text++;
	len = strcspn(text, " \t\r\n");
	if (len != KEYS_Z85_LEN)
		return false;
	memcpy(out, text, KEYS_Z85_LEN);
	out[KEYS_Z85_LEN] = '\0';
	return zmq_z85_decode(bin, out) != NULL;
}

/*
 * keys_read reads the key file name ("server.key", "worker.pub", ...) of
 * dir into out.  A missing file says how to create the keys.
 */
bool
keys_read(const char *dir, const char *name, KeyZ85 out, Err *err)
{
	char		path[1100];
	char		text[128];
	ssize_t		n;
	int			fd;
	bool		secret = strstr(name, ".key") != NULL;

	if (!path_join(path, sizeof(path), dir, name, "", err))
		return false;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err_set(err, ERRCODE_CONFIG_FILE_ERROR,
				"could not open CurveZMQ key file \"%s\": %s", path, strerror(errno));
		if (errno == ENOENT)
			err_hint(err, "Create the keys with \"quarry keygen --cluster_key_dir=%s\" "
					 "(quarry local creates them itself), or set cluster_curve = off.",
					 dir);
		return false;
	}
	if (secret && !check_secret_mode(path, fd, err)) {
		close(fd);
		return false;
	}
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n < 0)
		return err_set(err, ERRCODE_IO_ERROR, "could not read key file \"%s\": %s",
					   path, strerror(errno));
	text[n] = '\0';
	if (!parse_key(text, out))
		return err_set(err, ERRCODE_CONFIG_FILE_ERROR,
					   "key file \"%s\" does not hold a Z85 CurveZMQ key", path);
	return true;
}

/*
 * keys_read_authorized reads authorized_workers of dir into a malloc'd
 * array (free it).  Blank lines and # comments are skipped; a bad line is
 * an error naming it.
 */
bool
keys_read_authorized(const char *dir, KeyZ85 **keys, int *nkeys, Err *err)
{
	char		path[1100];
	char		line[512];
	FILE	   *f;
	int			lineno = 0;
	int			cap = 0;
	bool		ok = true;

	*keys = NULL;
	*nkeys = 0;
	if (!path_join(path, sizeof(path), dir, AUTHORIZED_FILE, "", err))
		return false;
	if ((f = fopen(path, "re")) == NULL) {
		err_set(err, ERRCODE_CONFIG_FILE_ERROR,
				"could not open authorized worker keys \"%s\": %s",
				path, strerror(errno));
		if (errno == ENOENT)
			err_hint(err, "List the public keys of the workers to admit in it, "
					 "one a line; \"quarry keygen\" creates it with worker.pub.");
		return false;
	}
	while (ok && fgets(line, sizeof(line), f) != NULL) {
		char	   *p = line;

		lineno++;
		while (isspace((unsigned char) *p))
			p++;
		if (*p == '\0' || *p == '#')
			continue;
		if (*nkeys == cap) {
			KeyZ85	   *grown;

			cap = cap ? cap * 2 : 8;
			if ((grown = realloc(*keys, cap * sizeof(KeyZ85))) == NULL) {
				ok = err_set(err, ERRCODE_OUT_OF_MEMORY, "out of memory");
				break;
			}
			*keys = grown;
		}
		if (!parse_key(p, (*keys)[*nkeys]))
			ok = err_set(err, ERRCODE_CONFIG_FILE_ERROR,
						 "%s:%d: not a Z85 CurveZMQ public key", path, lineno);
		else
			(*nkeys)++;
	}
	fclose(f);
	if (!ok) {
		free(*keys);
		*keys = NULL;
		*nkeys = 0;
		return false;
	}
	return true;
}

/*
 * keys_main is `quarry keygen`: create the missing keys of the configured
 * key directory and say what to copy where.
 */
int
keys_main(const Config *cfg)
{
	char		dir[1100];
	bool		created = false;
	Err			err;

	err_clear(&err);
	keys_dir(cfg, dir, sizeof(dir));
	if (!keys_ensure(dir, &created, &err)) {
		fprintf(stderr, "quarry keygen: %s\n", err.message);
		if (err.hint[0] != '\0')
			fprintf(stderr, "HINT:  %s\n", err.hint);
		return 1;
	}
	printf("%s CurveZMQ keys in %s\n", created ? "created" : "kept the existing",
		   dir);
	printf("A worker on another machine needs server.pub, worker.key and "
		   "worker.pub;\nlist each further worker public key in %s/%s.\n",
		   dir, AUTHORIZED_FILE);
	return 0;
}
