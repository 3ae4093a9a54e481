/**
 * Bundled blocklist of common passwords (PW-6, DEC-6): frequent entries from public
 * "most common password" compilations, lower-cased. Matching is whole-password and
 * case-insensitive; entries shorter than the minimum length are kept for completeness.
 */
const LIST = `
123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon
123123 baseball abc123 football monkey letmein 696969 shadow master 666666
qwertyuiop 123321 mustang 1234567890 michael 654321 superman 1qaz2wsx 7777777 121212
000000 qazwsx 123qwe killer trustno1 jordan jennifer zxcvbnm asdfgh hunter
buster soccer harley batman andrew tigger sunshine iloveyou 2000 charlie robert
thomas hockey ranger daniel starwars klaster 112233 george computer michelle jessica
pepper 1111 zxcvbn 555555 11111111 131313 freedom 777777 pass maggie
159753 aaaaaa ginger princess joshua cheese amanda summer love ashley
nicole chelsea biteme matthew access yankees 987654321 dallas austin thunder
taylor matrix minecraft william corvette hello martin heather secret merlin
diamond 1234qwer gfhjkm hammer silver 222222 88888888 anthony justin test
bailey q1w2e3r4t5 patrick internet scooter orange 11111 golfer cookie richard
samantha bigdog guitar jackson whatever mickey chicken sparky snoopy maverick phoenix
camaro peanut morgan welcome falcon cowboy ferrari samsung andrea smokey steelers
joseph mercedes dakota arsenal eagles melissa boomer booboo spider nascar monster
tigers yellow xxxxxx 123123123 gateway marina diablo bulldog qwer1234 compaq
purple hardcore banana junior hannah 123654 porsche lakers iceman money cowboys
987654 london tennis 999999 ncc1701 coffee scooby 0000 miller boston
q1w2e3r4 brandon yamaha chester mother forever johnny edward 333333 oliver
redsox player nikita knight fender barney midnight please brandy chicago badboy
slayer rangers charles angel flower rabbit wizard bigdick jasper enter rachel
chris steven winner adidas victoria natasha 1q2w3e4r jasmine winter prince panties
marine ghbdtn fishing cocacola casper james 232323 raiders 888888 marlboro
gandalf asdfasdf crystal 87654321 12344321 golden 8675309 111111111 1q2w3e4r5t
password1 password12 password123 password1234 passw0rd p@ssw0rd p@ssword pa55word
qwerty123 qwerty1 qwertyui 1qazxsw2 zaq12wsx zaq1zaq1 iloveyou1 iloveyou2 princess1
sunshine1 football1 baseball1 welcome1 welcome123 abc12345 abcd1234 abcdefg abcdefgh
admin admin123 administrator root toor changeme changeme123 default guest letmein1
trustno11 master123 monkey123 dragon123 shadow123 superman1 batman123 starwars1
1234abcd 123abc 12qwaszx 1qaz2wsx3edc qazwsxedc asdfghjkl zxcvbnm1 asdf1234 qweasdzxc
11223344 12341234 123456a 123456789a a123456 a12345678 aa123456 aa12345678
111222 121314 147258 147258369 159357 1234554321 123454321 123456123456 5201314
7654321 987654321a 01234567 012345678 0123456789 00000000 99999999 66666666 12121212
loveme lovely loveyou mylove sweety sweetheart babygirl baby123 iloveu
letmein123 welcome2024 welcome2025 summer2024 summer2025 winter2024 spring2024 autumn2024
password2024 password2025 password2023 qwerty2024 admin2024 test1234 testing test123
qwertyuiop123 asdfghjkl1 zxcvbnm123 1q2w3e 1q2w3e4r5t6y q1w2e3 1a2b3c4d
superstar rockstar sunflower butterfly blink182 pokemon naruto liverpool chelsea1 arsenal1
manchester barcelona realmadrid juventus hello123 hellohello helloworld whatever1 trustme
football123 baseball123 basketball soccer123 hockey123 michael1 jessica1 ashley1 jordan23
computer1 internet1 samsung1 iphone apple123 google microsoft facebook linkedin
dragons jesus jesus1 christ blessed angel1 angels heaven
secret123 secret1 mypassword passwordpassword thisisapassword letmeinplease opensesame
`;

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(LIST.split(/\s+/).filter(Boolean));
