package org.lambdamusic.localstack.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The two files of HetRec 2011 Last.fm 2K that a replay needs, read from the dataset folder ({@code
 * ../shared/datasets/lastfm-2k}, never copied into the repository): {@code artists.dat} ({@code id,
 * name, url, pictureURL}) and {@code user_artists.dat} ({@code userID, artistID, weight}).
 *
 * <p>Both are tab-separated UTF-8 with a header line and no quoting: names hold bare quotes ({@code
 * Royce da 5'9"}), so a CSV reader with a quote character would join lines. Each line is split on
 * tabs and must have exactly the header's number of fields; a malformed line, bytes that are not
 * UTF-8 or an unknown artist id fail the read with the file and line.
 *
 * @param artistNames artist id to name, as published
 * @param listening the rows of {@code user_artists.dat}, in file order
 */
public record LastfmDataset(Map<Integer, String> artistNames, List<ArtistListening> listening) {
    public static final String ARTISTS = "artists.dat";
    public static final String USER_ARTISTS = "user_artists.dat";

    public LastfmDataset {
        artistNames = Map.copyOf(artistNames);
        listening = List.copyOf(listening);
    }

    public static LastfmDataset read(Path dir) {
        Map<Integer, String> names = new HashMap<>();
        for (Line line : lines(dir.resolve(ARTISTS), "id\tname\turl\tpictureURL")) {
            if (names.put(line.integer(0), line.fields[1]) != null) {
                throw line.problem("artist id " + line.fields[0] + " appears twice");
            }
        }
        List<ArtistListening> listening = new ArrayList<>();
        for (Line line : lines(dir.resolve(USER_ARTISTS), "userID\tartistID\tweight")) {
            ArtistListening row =
                    new ArtistListening(line.integer(0), line.integer(1), line.integer(2));
            if (!names.containsKey(row.artistId())) {
                throw line.problem("artist " + row.artistId() + " is not in " + ARTISTS);
            }
            listening.add(row);
        }
        return new LastfmDataset(names, listening);
    }

    /** One data line, split on tabs, with where it came from for error messages. */
    private record Line(Path file, int number, String[] fields) {
        int integer(int column) {
            String value = fields[column];
            if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw problem("'" + value + "' is not a non-negative integer");
            }
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw problem("'" + value + "' is too large");
            }
        }

        IllegalArgumentException problem(String what) {
            return new IllegalArgumentException(
                    file.getFileName() + " line " + number + ": " + what);
        }
    }

    private static List<Line> lines(Path file, String header) {
        int columns = header.split("\t").length;
        CharsetDecoder utf8 =
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<Line> lines = new ArrayList<>();
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(Files.newInputStream(file), utf8))) {
            if (!header.equals(in.readLine())) {
                throw new IllegalArgumentException(
                        file + ": the header is not '" + header.replace("\t", "\\t") + "'");
            }
            int number = 1;
            String text;
            while ((text = in.readLine()) != null) {
                number++;
                if (text.isEmpty()) {
                    continue;
                }
                Line line = new Line(file, number, text.split("\t", -1));
                if (line.fields.length != columns) {
                    throw line.problem(line.fields.length + " fields, expected " + columns);
                }
                lines.add(line);
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(
                    "no " + file.getFileName() + " in " + file.getParent() + " (--dataset)");
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        return lines;
    }
}
